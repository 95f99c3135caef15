"""The examples in docs/*.md, read back so tests can prove they are valid.

Two parts:

* `code_blocks(doc, heading)`: the fenced code blocks under a heading of a Markdown file, with the line
  each starts on, so a test names the doc line it is reading.
* `parse_arrows(text)`: a small, strict reader for the arrow notation of the conventions' quick reference
  (docs/modeling-conventions.md, "Quick reference"), building an `ea_model.Model` with the same
  primitives as tests/compliance_builder.py. It reads exactly the notation the doc's legend describes and
  raises `DocExampleError` (one message: the doc line, the text, what was expected) on anything else, so
  a doc edit the reader does not understand fails the test instead of being skipped.

The notation, statement by statement (a line holds one or more statements separated by `;`; a `{…}` left
open continues on the next lines):

    Type "Name" {key=value, ...}       an element, identified by type and name, created on first mention
    Type Alias {key=value, ...}        an element named Alias that later statements call Alias
    "Name" / Name                      an element mentioned before, by its alias or (unique) name
    it                                 the target of the last arrow read
    X ─Rel→ Y ─Rel→ Z                  relationships X→Y and Y→Z (each arrow starts at the element before it)
    ─Access(Read)→                     an Access with its accessType (Read, Write, ReadWrite, Access)
    ─Serving {key=value}→              a relationship with properties
    ─Rel→ Y (statement start)          the subject is the first element of the previous statement

Property values are plain text (`key="text, with commas"` when needed). The doc writes `…` where the
value does not matter and `<bma unit>` where any id of a kind fits; `PLACEHOLDERS` replaces them with a
plausible value per property (`…`) or per placeholder (`<…>`), so the checks that read them see a real
value; a placeholder the table does not know is an error, as is a `…` inside a longer value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ea_model import Element, Model, ModelInfo, Relationship
from ea_model.metamodel import is_element_type, is_relationship_type

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

ELLIPSIS = "…"

# `…` by property name: values like the ones the conventions give as examples.
PLACEHOLDERS: dict[str, str] = {
    "fee_legal_basis": "ข้อบัญญัติกรุงเทพมหานคร เรื่อง การเก็บค่าธรรมเนียม พ.ศ. 2562",
    "legal_basis": "Public Health Act B.E. 2535 s.56",
    "citizen_manual_url": "https://www.info.go.th/",
    "agreement_ref": "MOU-BORA-2566-012",  # the example in §4 of the conventions
}
# `<…>` by placeholder: an id of that kind from the catalog.
KIND_PLACEHOLDERS: dict[str, str] = {
    "bma unit": "BMA-DISTRICTS",  # catalog/bma/agencies.yaml: the district offices, kind bma (via BMA)
}
ACCESS_TYPES = ("Read", "Write", "ReadWrite", "Access")


class DocExampleError(AssertionError):
    """A doc example the reader cannot read (or that does not say what it must)."""


# ---- Markdown: fenced blocks by heading -----------------------------------------------------------


@dataclass(frozen=True)
class CodeBlock:
    doc: str  # path relative to the repository
    heading: str
    info: str  # the fence's info string ("yaml", "sh", "")
    line: int  # 1-based line of the block's first content line
    text: str


def all_code_blocks(doc: Path) -> list[CodeBlock]:
    """Every fenced block of a Markdown file, with the heading it sits under."""
    rel = str(doc.relative_to(ROOT)) if doc.is_relative_to(ROOT) else str(doc)
    blocks: list[CodeBlock] = []
    heading = ""
    fence: str | None = None
    info = ""
    start = 0
    body: list[str] = []
    for n, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), start=1):
        if fence is None:
            opened = re.match(r"^(```+|~~~+)\s*(\S*)", line)
            if opened:
                fence, info, start, body = opened.group(1), opened.group(2), n + 1, []
            elif line.startswith("#"):
                heading = line.lstrip("#").strip()
        elif line.strip() == fence:
            blocks.append(CodeBlock(rel, heading, info, start, "\n".join(body) + "\n"))
            fence = None
        else:
            body.append(line)
    if fence is not None:
        raise DocExampleError(f"{rel}:{start - 1}: code block opened with {fence} is never closed")
    return blocks


def code_blocks(doc: Path, heading: str, info: str | None = None) -> list[CodeBlock]:
    """The fenced blocks under the heading that starts with `heading` (optionally of one info string).
    Raises when the heading is missing or holds no such block: a renamed section must fail the test."""
    blocks = all_code_blocks(doc)
    found = [b for b in blocks if b.heading.startswith(heading) and (info is None or b.info == info)]
    if not found:
        headings = sorted({b.heading for b in blocks})
        raise DocExampleError(
            f"{doc.name}: no {info or ''} code block under a heading {heading!r}; blocks are under {headings}"
        )
    return found


def one_code_block(doc: Path, heading: str, info: str | None = None) -> CodeBlock:
    found = code_blocks(doc, heading, info)
    if len(found) != 1:
        lines = ", ".join(str(b.line) for b in found)
        raise DocExampleError(f"{doc.name}: {len(found)} code blocks under {heading!r} (lines {lines}); expected one")
    return found[0]


def documented_names(doc: Path) -> set[str]:
    """Every `identifier` in backticks in the doc's prose and tables (outside code blocks): the property
    names the doc defines are among them."""
    text = doc.read_text(encoding="utf-8")
    prose = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return set(re.findall(r"`([a-z][a-z0-9_]*)`", prose))


# ---- the arrow notation ---------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<string>"[^"\n]*")
  | (?P<props>\{[^{}]*\})
  | (?P<arrow_open>─)
  | (?P<arrow_close>→)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<ident>[A-Za-z_][A-Za-z0-9_.-]*)
    """,
    re.X,
)
_PROP_KEY = re.compile(r"[a-z][a-z0-9_]*")


@dataclass
class _Token:
    kind: str
    text: str


@dataclass
class ArrowModel:
    """The model a quick reference builds, with what the reader resolved."""

    model: Model = field(default_factory=Model)
    by_key: dict[tuple[str, str], str] = field(default_factory=dict)  # (type, name) -> id
    aliases: dict[str, str] = field(default_factory=dict)  # alias -> id
    relationships: list[tuple[str, str, str, str | None]] = field(default_factory=list)  # (type, src, tgt, access)
    properties_used: set[str] = field(default_factory=set)
    n: int = 0

    def id_of(self, type: str, name: str) -> str:
        return self.by_key[(type, name)]

    def named(self, name: str) -> list[str]:
        return [i for (_, n), i in self.by_key.items() if n == name]


class _Reader:
    def __init__(self, where: str, known_properties: set[str] | None, name: str) -> None:
        self.where = where
        self.known = known_properties
        self.out = ArrowModel(Model(ModelInfo(name={"en": name})))
        self.last_object: str | None = None
        self.prev_subject: str | None = None
        self.line = 0
        self.statement = ""

    def fail(self, message: str) -> DocExampleError:
        return DocExampleError(f"{self.where}:{self.line}: {message}\n    in: {self.statement.strip()}")

    # ---- tokens ----

    def tokens(self, text: str) -> list[_Token]:
        out: list[_Token] = []
        pos = 0
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if m is None:
                raise self.fail(f"cannot read {text[pos : pos + 20]!r} (column {pos + 1})")
            if m.lastgroup != "space":
                out.append(_Token(m.lastgroup or "", m.group()))
            pos = m.end()
        return out

    def properties(self, token: _Token) -> dict[str, str]:
        inner = token.text[1:-1].strip()
        if not inner:
            raise self.fail("empty {}")
        props: dict[str, str] = {}
        for part in re.findall(r'(?:[^,"]|"[^"]*")+', inner):
            key, eq, value = part.partition("=")
            key, value = key.strip(), value.strip()
            if not eq or not value:
                raise self.fail(f"expected key=value in {{…}}, got {part.strip()!r}")
            if not _PROP_KEY.fullmatch(key):
                raise self.fail(f"property name {key!r} is not lower-case snake_case")
            if self.known is not None and key not in self.known:
                raise self.fail(f"property {key!r} is not defined anywhere in the conventions")
            if key in props:
                raise self.fail(f"property {key!r} given twice")
            props[key] = self.value(key, value)
        return props

    def optional_properties(self, toks: list[_Token], i: int) -> tuple[dict[str, str], int]:
        """The `{…}` at `i`, if there is one, and the index after it."""
        if i < len(toks) and toks[i].kind == "props":
            return self.properties(toks[i]), i + 1
        return {}, i

    def value(self, key: str, raw: str) -> str:
        if raw.startswith('"') and raw.endswith('"') and len(raw) >= 2:
            raw = raw[1:-1]
        if raw == ELLIPSIS:
            if key not in PLACEHOLDERS:
                raise self.fail(f"{key}=…: no plausible value for {key!r} in docs_examples.PLACEHOLDERS")
            return PLACEHOLDERS[key]
        if raw.startswith("<") and raw.endswith(">"):
            kind = raw[1:-1].strip()
            if kind not in KIND_PLACEHOLDERS:
                raise self.fail(f"{key}={raw}: no id for {raw} in docs_examples.KIND_PLACEHOLDERS")
            return KIND_PLACEHOLDERS[kind]
        if ELLIPSIS in raw or "<" in raw or ">" in raw:
            raise self.fail(f"{key}={raw}: a placeholder must be the whole value (… or <kind>)")
        return raw

    # ---- model ----

    def _next_id(self, prefix: str) -> str:
        self.out.n += 1
        return f"id-{prefix}-{self.out.n}"

    def _set_properties(self, concept, props: dict[str, str]) -> None:
        existing = {p.definition_ref: p for p in concept.properties}
        for key, value in props.items():
            definition = self.out.model.define_property(key)
            old = existing.get(definition.id)
            if old is not None and old.value.get("") != value:
                raise self.fail(f"property {key!r} set to {value!r}, but it was {old.value.get('')!r}")
            self.out.model.set_property(concept, key, value)
            self.out.properties_used.add(key)

    def element(self, type: str, name: str, props: dict[str, str], alias: bool) -> str:
        key = (type, name)
        if alias and name in self.out.aliases and self.out.by_key.get(key) != self.out.aliases[name]:
            raise self.fail(f"alias {name!r} already names another element")
        el_id = self.out.by_key.get(key)
        if el_id is None:
            el_id = self._next_id(type.lower())
            self.out.model.add_element(Element(id=el_id, type=type, name={"en": name}))
            self.out.by_key[key] = el_id
        if alias:
            self.out.aliases[name] = el_id
        if props:
            self._set_properties(self.out.model.element(el_id), props)
        return el_id

    def reference(self, name: str) -> str:
        if name in self.out.aliases:
            return self.out.aliases[name]
        hits = self.out.named(name)
        if len(hits) == 1:
            return hits[0]
        if not hits:
            raise self.fail(f'{name!r} names no element mentioned before (give its type: Type "{name}")')
        raise self.fail(f"{name!r} names {len(hits)} elements of different types; give the type")

    def relate(self, type: str, source: str, target: str, access: str | None, props: dict[str, str]) -> None:
        rel = Relationship(id=self._next_id(type.lower()), type=type, source=source, target=target, access_type=access)
        self.out.model.add_relationship(rel)
        self._set_properties(rel, props)
        self.out.relationships.append((type, source, target, access))

    # ---- grammar ----

    def node(self, toks: list[_Token], i: int) -> tuple[str, int]:
        tok = toks[i]
        if tok.kind == "string":
            el = self.reference(tok.text[1:-1])
            i += 1
        elif tok.kind == "ident" and is_element_type(tok.text):
            if i + 1 >= len(toks) or toks[i + 1].kind not in ("string", "ident"):
                raise self.fail(f'{tok.text} needs a "Name" or an alias after it')
            name_tok = toks[i + 1]
            if name_tok.kind == "ident" and (is_element_type(name_tok.text) or name_tok.text == "it"):
                raise self.fail(f"{tok.text} {name_tok.text}: expected a name or an alias")
            props, i = self.optional_properties(toks, i + 2)
            is_alias = name_tok.kind == "ident"
            name = name_tok.text if is_alias else name_tok.text[1:-1]
            if not name.strip():
                raise self.fail(f"{tok.text} with an empty name")
            return self.element(tok.text, name, props, is_alias), i
        elif tok.kind == "ident" and tok.text == "it":
            if self.last_object is None:
                raise self.fail("`it` before any arrow")
            el = self.last_object
            i += 1
        elif tok.kind == "ident":
            if i + 1 < len(toks) and toks[i + 1].kind in ("string", "ident", "props"):
                raise self.fail(f"{tok.text!r} is not an ArchiMate 3.2 element type")
            el = self.reference(tok.text)
            i += 1
        else:
            raise self.fail(f"expected an element, got {tok.text!r}")
        if i < len(toks) and toks[i].kind == "props":
            raise self.fail("properties after a reference; put them where the element is first given its type")
        return el, i

    def arrow(self, toks: list[_Token], i: int) -> tuple[str, str | None, dict[str, str], int]:
        i += 1  # ─
        if i >= len(toks) or toks[i].kind != "ident":
            raise self.fail("expected a relationship type after ─")
        rel = toks[i].text
        if not is_relationship_type(rel):
            raise self.fail(f"{rel!r} is not an ArchiMate 3.2 relationship type")
        i += 1
        access = None
        if i < len(toks) and toks[i].kind == "lparen":
            if rel != "Access":
                raise self.fail(
                    f"({toks[i + 1].text if i + 1 < len(toks) else ''}) after {rel}: only Access has a type"
                )
            if i + 2 >= len(toks) or toks[i + 1].kind != "ident" or toks[i + 2].kind != "rparen":
                raise self.fail("expected Access(Read|Write|ReadWrite|Access)")
            access = toks[i + 1].text
            if access not in ACCESS_TYPES:
                raise self.fail(f"access type {access!r}; expected one of {', '.join(ACCESS_TYPES)}")
            i += 3
        props, i = self.optional_properties(toks, i)
        if i >= len(toks) or toks[i].kind != "arrow_close":
            raise self.fail(f"the arrow ─{rel} is not closed with →")
        return rel, access, props, i + 1

    def read_statement(self, text: str) -> None:
        self.statement = text
        toks = self.tokens(text)
        if not toks:
            raise self.fail("empty statement")
        i = 0
        if toks[0].kind == "arrow_open":
            if self.prev_subject is None:
                raise self.fail("a statement starts with an arrow but no statement comes before it")
            subject = self.prev_subject
        else:
            subject, i = self.node(toks, i)
        first = subject
        while i < len(toks):
            if toks[i].kind != "arrow_open":
                raise self.fail(f"expected an arrow ─Rel→ or the end of the statement, got {toks[i].text!r}")
            rel, access, props, i = self.arrow(toks, i)
            if i >= len(toks):
                raise self.fail(f"─{rel}→ points at nothing")
            target, i = self.node(toks, i)
            self.relate(rel, subject, target, access, props)
            self.last_object = target
            subject = target
        self.prev_subject = first


def _statements(text: str, first_line: int) -> list[tuple[int, str]]:
    """(doc line, statement) pairs: `;` splits statements outside quotes and braces; an open `{` runs on."""
    out: list[tuple[int, str]] = []
    buf, start, depth, quoted = "", first_line, 0, False
    for n, line in enumerate(text.splitlines(), start=first_line):
        if not buf.strip():
            start = n
        for ch in line:
            if ch == '"':
                quoted = not quoted
            elif not quoted and ch == "{":
                depth += 1
            elif not quoted and ch == "}":
                depth -= 1
                if depth < 0:
                    raise DocExampleError(f"{n}: }} with no {{\n    in: {line.strip()}")
            if ch == ";" and not quoted and depth == 0:
                if buf.strip():
                    out.append((start, buf))
                buf, start = "", n
                continue
            buf += ch
        if quoted:
            raise DocExampleError(f"{n}: unclosed quote\n    in: {line.strip()}")
        if depth == 0:
            if buf.strip():
                out.append((start, buf))
            buf = ""
        else:
            buf += " "
    if depth:
        raise DocExampleError(f"{start}: {{ never closed\n    in: {buf.strip()}")
    return out


def parse_arrows(
    text: str,
    *,
    where: str = "<example>",
    first_line: int = 1,
    known_properties: set[str] | None = None,
    name: str = "Docs example",
) -> ArrowModel:
    """Build the model a block of arrow notation describes (see the module docstring), named `name`.
    `known_properties`, when given, is the set of property names a `{key=…}` may use."""
    reader = _Reader(where, known_properties, name)
    try:
        statements = _statements(text, first_line)
    except DocExampleError as exc:
        raise DocExampleError(f"{where}:{exc}") from None
    if not statements:
        raise DocExampleError(f"{where}:{first_line}: no statements")
    for line, statement in statements:
        reader.line = line
        reader.read_statement(statement)
    return reader.out


def parse_block(block: CodeBlock, known_properties: set[str] | None = None) -> ArrowModel:
    return parse_arrows(
        block.text, where=block.doc, first_line=block.line, known_properties=known_properties, name=block.heading
    )
