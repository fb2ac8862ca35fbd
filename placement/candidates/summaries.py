"""provider_summaries of GET /allocation_candidates: capacity, usage, traits and tree of each provider."""
from collections import defaultdict

from placement.queries import candidates as queries


def summarised_providers(requests, roots, version) -> set[int]:
    """From 1.29 every provider of the trees involved; before, those in the allocation requests."""
    involved = {provider for request in requests for provider in request.allocations}
    if version >= "1.29" and roots:
        involved |= queries.providers_in_trees(set(roots))
    return involved


def flat_summaries_json(candidates, version) -> dict[str, str]:
    """The flat shortcut's summaries as JSON text keyed by uuid: the same documents as `summaries`,
    from the resources and traits text its query wrote (`queries.FlatCandidate`)."""
    with_traits, with_tree = version >= "1.17", version >= "1.29"
    result = {}
    for candidate in candidates:
        text = f'{{"resources": {{{candidate.resources}}}'
        if with_traits:
            text += f', "traits": [{candidate.traits}]'
        if with_tree:
            text += f', "parent_provider_uuid": null, "root_provider_uuid": "{candidate.uuid}"'
        result[candidate.uuid] = text + "}"
    return result


def summaries(provider_ids, trees, version, requested_rc_ids, rc_names) -> dict[str, dict]:
    """Summary of each provider keyed by uuid, shaped for the microversion (1.17 traits, 1.27 all classes,
    1.29 tree); `trees` is queries.provider_trees() of the same providers."""
    resources = defaultdict(dict)
    every_class = version >= "1.27"
    for provider, rc, capacity, used in queries.capacities(provider_ids):
        if every_class or rc in requested_rc_ids:
            resources[provider][rc_names[rc]] = {"capacity": capacity, "used": used}
    traits = defaultdict(list)
    if version >= "1.17":
        for provider, name in queries.trait_names(provider_ids):
            traits[provider].append(name)
    result = {}
    for provider in provider_ids:
        uuid, parent, root = trees[provider]
        body = {"resources": resources[provider]}
        if version >= "1.17":
            body["traits"] = traits[provider]
        if version >= "1.29":
            body["parent_provider_uuid"] = parent
            body["root_provider_uuid"] = root
        result[uuid] = body
    return result
