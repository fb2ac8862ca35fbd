"""Policy rules of the Image API, with Glance's names and its secure-RBAC defaults.

Image targets carry `project_id` (the owner), `member_id` (the caller's project when it is a
member of the image) and `visibility`, as Glance's do, so operators' overrides read the same.
"""
from oslo_policy.policy import RuleDefault

from openstack_api.policy import ADMIN, PROJECT_MEMBER_OR_ADMIN, PROJECT_READER_OR_ADMIN

_VISIBLE = ("project_id:%(project_id)s or project_id:%(member_id)s or 'community':%(visibility)s "
            "or 'public':%(visibility)s or 'shared':%(visibility)s")
READER_OF_VISIBLE_IMAGE = f"role:admin or (role:reader and ({_VISIBLE}))"
MEMBER_OF_VISIBLE_IMAGE = f"role:admin or (role:member and ({_VISIBLE}))"
OWNER_OR_MEMBER_READER = "role:admin or (role:reader and (project_id:%(project_id)s or project_id:%(member_id)s))"
MEMBER_PROJECT = "role:admin or (role:member and project_id:%(member_id)s)"

# Glance words every policy refusal this way.
DENIED = "You are not authorized to complete {rule} action."

RULES = [
    RuleDefault("add_image", PROJECT_MEMBER_OR_ADMIN, "Create an image record."),
    RuleDefault("get_image", READER_OF_VISIBLE_IMAGE, "Show an image."),
    RuleDefault("get_images", PROJECT_READER_OR_ADMIN, "List images."),
    RuleDefault("modify_image", PROJECT_MEMBER_OR_ADMIN, "Update an image."),
    RuleDefault("publicize_image", ADMIN, "Make an image public."),
    RuleDefault("communitize_image", PROJECT_MEMBER_OR_ADMIN, "Make an image a community image."),
    RuleDefault("delete_image", PROJECT_MEMBER_OR_ADMIN, "Delete an image and its data."),
    RuleDefault("upload_image", PROJECT_MEMBER_OR_ADMIN, "Upload image data."),
    RuleDefault("download_image", MEMBER_OF_VISIBLE_IMAGE, "Download image data."),
    RuleDefault("deactivate", ADMIN, "Deactivate an image."),
    RuleDefault("reactivate", ADMIN, "Reactivate an image."),
    RuleDefault("add_member", PROJECT_MEMBER_OR_ADMIN, "Share an image with a project."),
    RuleDefault("delete_member", PROJECT_MEMBER_OR_ADMIN, "Stop sharing an image with a project."),
    RuleDefault("get_member", OWNER_OR_MEMBER_READER, "Show an image member."),
    RuleDefault("get_members", OWNER_OR_MEMBER_READER, "List an image's members."),
    RuleDefault("modify_member", MEMBER_PROJECT, "Accept or reject a shared image."),
]
