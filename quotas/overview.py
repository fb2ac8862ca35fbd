"""Projects' limits beside what they use, as the dashboard shows them: a page of projects, or one in full.

The figures come from the functions os-quota-sets and /limits answer with (`quotas.limits`,
`instances.quotas`, `quotas.usage`), so the page and the API agree; a page of projects costs one
query for the limits and one grouped query for the usage, whatever its length.
"""
from django.utils.html import format_html, format_html_join

from dashboard.bars import bar
from instances import quotas as instance_quotas
from quotas import limits, resources, usage

UNLIMITED = -1
SHOWN = (*resources.COMMON, *resources.SERVER_GROUPS)  # the quota set of today's microversions
UNITS = {"ram": " MB"}


def attach(projects) -> None:
    """Give each project `quota_figures`: {resource: (used, limit)} for instances, cores and RAM."""
    projects = list(projects)
    ids = [project.pk for project in projects]
    found, used = limits.limits_of(ids), instance_quotas.usage_of(ids)
    for project in projects:
        project.quota_figures = {name: (used[project.pk][name], found[project.pk][name])
                                 for name in instance_quotas.COUNTED}


def used_of(used: int, limit: int, unit: str = "") -> str:
    """A bar of used/limit with "3 / 10 MB", or just "3 MB (unlimited)"."""
    if limit == UNLIMITED:
        return f"{used}{unit} (unlimited)"
    return bar(used, limit, f"{used} / {limit}{unit}")


def figure(project, resource: str, unit: str = "") -> str:
    """One of the figures `attach` gave the project, as a bar."""
    used, limit = project.quota_figures[resource]
    return used_of(used, limit, unit)


def table(project_id: str) -> str:
    """The project's whole quota set, as os-quota-sets/{id}/detail has it, and where each limit comes from."""
    found, used, own = limits.limits(project_id), usage.in_use(project_id), limits.overridden(project_id)

    def row(name):
        in_use = "per user" if name in resources.PER_USER else used_of(used[name], found[name], UNITS.get(name, ""))
        source = "this project" if name in own else "default"
        return name, in_use, "unlimited" if found[name] == UNLIMITED else found[name], source

    rows = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", (row(n) for n in SHOWN))
    return format_html("<table><thead><tr><th>resource</th><th>in use</th><th>limit</th><th>limit set by</th></tr>"
                       "</thead><tbody>{}</tbody></table>", rows)
