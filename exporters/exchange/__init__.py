"""The Open Group ArchiMate Model Exchange File Format: read, write, and validate against the XSDs.

`files` has the public read/write functions; `read*` is the streaming reader (a base and mixins for
sections, views and the checks made once the file is read), `write*` the writer, `common` what both
share, `count` the counting pass (`ea info` without the model), `schema` the offline XSD validation
(the schemas are in `xsd/`), `identity` its streaming form.
"""

from exporters.exchange.files import count_exchange, generate_exchange, parse_exchange, read_exchange, write_exchange
from exporters.exchange.schema import XsdProblem, is_valid_xsd, validate_xsd

__all__ = [
    "XsdProblem",
    "count_exchange",
    "generate_exchange",
    "is_valid_xsd",
    "parse_exchange",
    "read_exchange",
    "validate_xsd",
    "write_exchange",
]
