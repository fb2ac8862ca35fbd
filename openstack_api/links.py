"""Nova's collection links: a `next` link when a page is full, carrying the query and the last item as marker."""
from urllib.parse import urlencode


def next_links(root_url: str, path: str, params: dict, items: list, limit: int, marker_of) -> list[dict]:
    """`[{"rel": "next", "href": ...}]` when `items` fills a page of `limit`, else [] (Nova's _get_collection_links).

    `params` are the request's query parameters (name -> value or list of values); the marker
    replaces any given one.
    """
    if not limit or len(items) != limit:
        return []
    query = [(name, value) for name, values in sorted(params.items()) if name != "marker"
             for value in (values if isinstance(values, list) else [values])]
    query.append(("marker", marker_of(items[-1])))
    return [{"rel": "next", "href": f"{root_url}/v2.1/{path}?{urlencode(query)}"}]
