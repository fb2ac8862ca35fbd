"""Live updates of open dashboard pages: state changes published on the Channels layer, a WebSocket per page.

Writers (the conductor, the APIs, the agents' reports through the conductor) publish through `events`;
`consumers` forwards each event to the signed-in operators' pages, whose script (`live.js`) swaps the
changed cells in place and falls back to refreshing the page's regions periodically when the socket
cannot be kept open.
"""
