app_name = "emissions"

urlpatterns = []
