"""Page-number pagination: `{"count", "next", "previous", "results"}`.

`page` and `page_size` are checked with the other parameters (api/params.py): a malformed
or oversized value is a 400 before this runs. A page past the last one is a 404 naming
`page` (the list exists, that page of it does not); page 1 of an empty list is an empty
page.
"""

from django.core.paginator import Paginator
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.pagination import PageNumberPagination

from .params import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE


class PageNotFound(APIException):
    status_code = status.HTTP_404_NOT_FOUND
    default_detail = "No such page."
    default_code = "page_not_found"

    def __init__(self, number: int, last: int):
        super().__init__(f"Page {number} does not exist: the last page is {last}.")
        self.errors = {"page": [str(self.detail)]}


class AtlasPagination(PageNumberPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = int(request.query_params.get("page_size", self.page_size))
        number = int(request.query_params.get("page", 1))
        paginator = Paginator(queryset, size)
        if number > paginator.num_pages:
            raise PageNotFound(number, paginator.num_pages)
        self.page = paginator.page(number)
        return self.page.object_list

    def get_schema_operation_parameters(self, view):
        return []  # published with the view's other parameters (AtlasView.query_params)
