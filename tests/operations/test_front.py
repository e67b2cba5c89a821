"""The RSGI front: how it hands Django's answers to the web server."""

import asyncio

from broadsheet.operations.front import Front


class Transport:
    def __init__(self):
        self.sent = []

    async def send_bytes(self, chunk):
        self.sent.append(chunk)


class Proto:
    def __init__(self):
        self.transport = Transport()
        self.status = None

    def response_stream(self, status, headers):
        self.status = status
        return self.transport


class StreamingAnswer:
    """What Django's WSGI handler returns for a streaming response (a file, a byte range, a CSV)."""

    streaming = True

    def __init__(self):
        self.closed = False

    def __iter__(self):
        return map(bytes, [b"first ", b"second"])

    def close(self):
        self.closed = True


def test_a_streaming_answer_is_sent_chunk_by_chunk_and_then_closed(db):
    answer = StreamingAnswer()

    def wsgi_app(environ, start_response):
        start_response("206 Partial Content", [("content-range", "bytes 0-11/100")])
        return answer

    front, proto = Front(wsgi_app, threads=1), Proto()

    async def serve():
        status, headers, content, rest, _ = await front.threads.run(front.call_django, {})
        await front.send(proto, status, headers, content, rest)

    # Before the fix, closing raised AttributeError ('map' object has no attribute 'close') after
    # every byte range of article audio, and Django's end-of-request work never ran.
    asyncio.run(serve())
    assert proto.status == 206
    assert b"".join(proto.transport.sent) == b"first second"
    assert answer.closed
