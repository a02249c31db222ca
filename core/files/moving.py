"""For data migrations: files uploaded before core.files move to private storage, renamed."""

from .fields import RandomName


def move_to_private(app_label: str, model_name: str, field_name: str, folder: str):
    """A RunPython function: each stored file of the field leaves the public media folder
    (where anyone could guess its name) for private storage, under a random name. Rows
    sharing a file keep sharing its new name."""

    def forwards(apps, schema_editor):
        from django.core.files.storage import storages

        public, private = storages["default"], storages["private"]
        model = apps.get_model(app_label, model_name)
        # No ordering: the model's would make DISTINCT keep duplicates.
        names = (
            model.objects.exclude(**{field_name: ""})
            .order_by()
            .values_list(field_name, flat=True)
            .distinct()
        )
        for name in list(names):
            if not name or not public.exists(name) or private.exists(name):
                continue
            with public.open(name, "rb") as stored:
                moved = private.save(RandomName(folder)(None, name), stored)
            model.objects.filter(**{field_name: name}).update(**{field_name: moved})
            public.delete(name)

    return forwards
