"""A minimal RFB (VNC) client over a WebSocket, as noVNC speaks it through the console proxy."""
import struct

import websocket


class RFBClient:
    """Handshake (RFB 3.8, security None), ClientInit, and one full framebuffer update request."""

    def __init__(self, url: str, origin: str | None, timeout: float = 30):
        options = {"origin": origin} if origin else {"suppress_origin": True}
        self.ws = websocket.create_connection(url, timeout=timeout, subprotocols=["binary"], **options)
        self.buffer = b""

    def read(self, size: int) -> bytes:
        while len(self.buffer) < size:
            frame = self.ws.recv()
            self.buffer += frame if isinstance(frame, bytes) else frame.encode()
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    def handshake(self) -> dict:
        """Through to ServerInit: the server's version, the framebuffer's size and the desktop name."""
        version = self.read(12)
        assert version.startswith(b"RFB "), version
        self.ws.send_binary(b"RFB 003.008\n")
        (count,) = self.read(1)
        types = self.read(count)
        assert 1 in types, f"the VNC server offers no 'None' security: {list(types)}"
        self.ws.send_binary(bytes([1]))
        assert self.read(4) == b"\0\0\0\0", "security handshake failed"
        self.ws.send_binary(bytes([1]))  # ClientInit: shared
        width, height = struct.unpack(">HH", self.read(4))
        self.read(16)  # pixel format
        (name_length,) = struct.unpack(">I", self.read(4))
        return {"version": version.decode().strip(), "width": width, "height": height,
                "name": self.read(name_length).decode(errors="replace")}

    def framebuffer_update(self, width: int, height: int) -> list[tuple]:
        """Ask for the whole screen; the rectangles (x, y, w, h, encoding) of the update that answers."""
        self.ws.send_binary(struct.pack(">BBHHHH", 3, 0, 0, 0, width, height))
        message_type = self.read(1)[0]
        while message_type == 2:  # a bell may come first
            message_type = self.read(1)[0]
        assert message_type == 0, f"expected a FramebufferUpdate, got message type {message_type}"
        _, count = struct.unpack(">BH", self.read(3))
        return [struct.unpack(">HHHHi", self.read(12)) for _ in range(count)]

    def close(self):
        self.ws.close()
