"""GET /os-aggregates, answered empty until host aggregates exist in the Compute API.

Why it exists now: `openstack hypervisor show` lists aggregates to say which ones hold the host
and fails on a 404. There are no host aggregates in this cloud yet, so the honest answer is an
empty list. Whoever adds aggregates replaces this view and its `os-aggregates:index` rule.
"""
from rest_framework.response import Response

from openstack_api.policy import authorize
from openstack_api.views import ComputeAPIView


class AggregateListView(ComputeAPIView):
    def get(self, request):
        authorize(self.context, "os_compute_api:os-aggregates:index", {})
        return Response({"aggregates": []})
