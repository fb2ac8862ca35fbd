"""Limits and usage of many projects at once agree with the one-project functions the API answers with."""
from instances import quotas as instance_quotas
from quotas import limits
from tests.flavors.factories import make_flavor
from tests.instances.factories import make_instance


def test_limits_of_many_projects_is_one_query_and_agrees_with_each_projects_limits(db, django_assert_num_queries):
    limits.set_class("default", {"cores": 40, "instances": 7})
    limits.set_project("p1", {"cores": 4})
    limits.set_project("p2", {"instances": -1, "ram": 1024})
    with django_assert_num_queries(1):
        found = limits.limits_of(["p1", "p2", "p3"])
    assert found == {project: limits.limits(project) for project in ("p1", "p2", "p3")}
    assert (found["p1"]["cores"], found["p1"]["instances"], found["p2"]["instances"], found["p3"]["cores"]) == (4, 7, -1, 40)


def test_usage_of_many_projects_is_one_query_and_agrees_with_each_projects_usage(db, django_assert_num_queries):
    flavor = make_flavor("2", "m1.small", vcpus=2, memory_mb=2048)
    for project, count in (("p1", 2), ("p2", 1)):
        for index in range(count):
            make_instance(f"{project}-{index}", project_id=project, flavor=flavor, host="compute0")
    make_instance("gone", project_id="p1", flavor=flavor, vm_state="deleted")
    with django_assert_num_queries(1):
        found = instance_quotas.usage_of(["p1", "p2", "p3"])
    assert found == {project: instance_quotas.usage(project) for project in ("p1", "p2", "p3")}
    assert found["p1"] == {"instances": 2, "cores": 4, "ram": 4096} and found["p3"] == {"instances": 0, "cores": 0, "ram": 0}
