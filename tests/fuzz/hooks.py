"""schemathesis hooks for scripts/apiFuzz.sh.

The API keeps the first answer to each Idempotency-Key and refuses the key on any other request
with 422, as draft-ietf-httpapi-idempotency-key-header says. Hypothesis, though, draws the header
like any string and so reuses a few values ("0", "A") across different requests. A client following
the documented contract sends a fresh key per intended effect: so does the fuzzer here. A key that
is not well formed (the negative cases) is sent as drawn, so its refusal is still tested.
"""

import re
import uuid

import schemathesis

WELL_FORMED = re.compile(r'^(?:"[A-Za-z0-9._:-]{1,200}"|[A-Za-z0-9._:-]{1,200})$')


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    headers = case.headers or {}
    for name in list(headers):
        if name.lower() == "idempotency-key" and isinstance(headers[name], str) and WELL_FORMED.match(headers[name]):
            headers[name] = str(uuid.uuid4())
    return None
