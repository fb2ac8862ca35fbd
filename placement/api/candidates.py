"""GET /allocation_candidates (1.10+), rendered per microversion."""
import orjson
from django.http import Http404
from rest_framework.response import Response

from openstack_api.views import PlacementAPIView
from placement.candidates import engine, summaries
from placement.candidates import request as candidate_request
from placement.models import ResourceClass
from placement.policies import authorize
from placement.queries.candidates import provider_trees


def _render_request(allocation_request, uuids, rc_names, version):
    resources = {
        uuids[provider]: {rc_names[rc]: amount for rc, amount in amounts.items()}
        for provider, amounts in allocation_request.allocations.items()
    }
    if version < "1.12":
        body = {"allocations": [{"resource_provider": {"uuid": uuid}, "resources": amounts}
                                for uuid, amounts in resources.items()]}
    else:
        body = {"allocations": {uuid: {"resources": amounts} for uuid, amounts in resources.items()}}
    if version >= "1.34":
        body["mappings"] = {suffix: [uuids[p] for p in providers]
                            for suffix, providers in allocation_request.mappings.items()}
    return body


def _stamped_requests(requests, uuids, rc_names, version) -> list:
    """Single-provider requests of one group differ only in the provider: render the first once and
    stamp each provider's uuid into copies of its JSON text."""
    if not requests:
        return []
    first = requests[0]
    (provider,) = first.allocations
    template = orjson.dumps(_render_request(first, uuids, rc_names, version)).decode()
    own = uuids[provider]
    parts = template.split(own)
    return [orjson.Fragment(uuids[pk].join(parts)) for r in requests for pk in r.allocations]


class AllocationCandidatesView(PlacementAPIView):
    def get(self, request):
        if request.version < "1.10":
            raise Http404
        authorize(self.context, "placement:allocation_candidates:list")
        rc_names = dict(ResourceClass.objects.values_list("id", "name"))
        parsed = candidate_request.parse(request.query_params, request.version, rc_names.values())
        result = engine.find(parsed, request.version, {name: pk for pk, name in rc_names.items()})
        if result.trees is not None:
            provider_ids, trees = set(result.trees), result.trees
        else:
            provider_ids = summaries.summarised_providers(result.requests, result.tree_roots, request.version)
            trees = provider_trees(provider_ids)
        uuids = {pk: tree[0] for pk, tree in trees.items()}
        requested = {rc for group in parsed.groups.values() for rc in group.resource_ids}
        if result.flat is not None:
            texts = summaries.flat_summaries_json(result.flat, request.version)
            return Response({
                "allocation_requests": _stamped_requests(result.requests, uuids, rc_names, request.version),
                "provider_summaries": {uuid: orjson.Fragment(text) for uuid, text in texts.items()},
            })
        return Response({
            "allocation_requests": [_render_request(r, uuids, rc_names, request.version) for r in result.requests],
            "provider_summaries": summaries.summaries(provider_ids, trees, request.version, requested, rc_names),
        })
