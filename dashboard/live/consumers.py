"""The WebSocket behind every open dashboard page: signed-in operators receive every change event.

Only a session of an operator (a staff user, which the dashboard's sign-in makes of identity admins
alone) is accepted; anyone else is closed with 4403 before joining a group. An open socket outlives
the request that checked it, so the session is checked again every
XCOMPUTE_DASHBOARD_SESSION_RECHECK_SECONDS: a signed-out session, a disabled user or a revoked admin
role closes it. The events carry only what the pages already show an operator.
"""
import asyncio
import logging
from importlib import import_module

from channels.auth import get_user
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings

from dashboard.live.events import INSTANCES, SERVICES

logger = logging.getLogger(__name__)
GROUPS = (INSTANCES, SERVICES)
FORBIDDEN = 4403


class LiveUpdatesConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_staff:
            logger.info("live updates refused to an unauthenticated or non-operator session")
            await self.close(code=FORBIDDEN)
            return
        self.joined = GROUPS
        for group in self.joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        self.recheck = asyncio.create_task(self._recheck(self.scope["session"].session_key))
        await self.send_json({"kind": "hello", "user": user.get_username()})

    async def _recheck(self, session_key: str) -> None:
        store = import_module(settings.SESSION_ENGINE).SessionStore
        while True:
            await asyncio.sleep(settings.XCOMPUTE_DASHBOARD_SESSION_RECHECK_SECONDS)
            # A fresh read of the session (the scope's copy would not see a sign-out) and of the user.
            user = await get_user({"session": store(session_key)})
            if not user.is_authenticated or not user.is_staff:
                logger.info("live updates closed: the session is no longer an operator's")
                await self.close(code=FORBIDDEN)
                return

    async def disconnect(self, code):
        if getattr(self, "recheck", None) is not None:
            self.recheck.cancel()
        for group in getattr(self, "joined", ()):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        """Pages only listen; a ping is answered so a page can tell a dead socket from a quiet one."""
        if isinstance(content, dict) and content.get("kind") == "ping":
            await self.send_json({"kind": "pong"})

    async def live_changed(self, event):
        await self.send_json({key: value for key, value in event.items() if key != "type"})
