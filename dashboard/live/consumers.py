"""The WebSocket behind every open dashboard page: signed-in operators receive every change event.

Only a session of an operator (a staff user, which the dashboard's sign-in makes of identity admins
alone, and whose session dies with the role) is accepted; anyone else is closed with 4403 before
joining a group. The events carry only what the pages already show an operator.
"""
import logging

from channels.generic.websocket import AsyncJsonWebsocketConsumer

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
        await self.send_json({"kind": "hello", "user": user.get_username()})

    async def disconnect(self, code):
        for group in getattr(self, "joined", ()):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        """Pages only listen; a ping is answered so a page can tell a dead socket from a quiet one."""
        if isinstance(content, dict) and content.get("kind") == "ping":
            await self.send_json({"kind": "pong"})

    async def live_changed(self, event):
        await self.send_json({key: value for key, value in event.items() if key != "type"})
