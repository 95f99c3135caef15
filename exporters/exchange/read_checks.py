"""What the exchange reader settles once the whole file is read (private; a mixin): forward
references, relationships that cannot be kept, undeclared property definitions, and references
from views and organizations. With `recover`, what cannot be kept is left out, and with it what
depends on it."""

from __future__ import annotations

from ea_model.objects import Element, OrganizationItem, PropertyDefinition, Relationship, View, ViewNode


class Resolving:
    # ---- relationships and property definitions ---------------------------------------------------

    def _resolve_relationships(self) -> None:
        """Settle the relationships whose endpoint was not known when they were read (forward
        references), and leave out (recover) those that cannot be: a missing endpoint, a cycle of
        relationships, or an endpoint that was itself left out."""
        if not self.unresolved:
            return
        concepts = self.concepts
        problems: dict[str, str] = {}
        for ident in self.unresolved:
            rel = concepts[ident]
            for what, end in (("source", rel.source), ("target", rel.target)):
                if end in concepts:
                    continue
                if end is None:
                    problems[ident] = f"relationship {ident!r} has no {what}"
                elif end in self.other_ids:
                    problems[ident] = (
                        f"relationship {ident!r}: {what} {end!r} is a {self.other_ids[end]}, "
                        "not an element or relationship"
                    )
                else:
                    problems[ident] = f"relationship {ident!r} refers to {what} {end!r}, which is not in the model"
                break
        for ident in self._relationship_cycles():
            problems.setdefault(ident, f"relationship {ident!r} is, through other relationships, its own endpoint")
        dropped = set(problems)
        while True:  # what depends on a dropped relationship goes too
            more = {
                rel.id
                for rel in self.relationships
                if rel.id not in dropped and (rel.source in dropped or rel.target in dropped)
            }
            if not more:
                break
            for ident in more:
                rel = concepts[ident]
                end = rel.source if rel.source in dropped else rel.target
                problems[ident] = f"relationship {ident!r} has endpoint {end!r}, which was left out"
            dropped |= more
        lines = {rel.id: index for index, rel in enumerate(self.relationships)}
        for ident in sorted(problems, key=lambda i: lines.get(i, 0)):
            self.error("dangling-reference", problems[ident], ref=ident, line=self.unresolved.get(ident))
        for ident in dropped:
            del concepts[ident]
        self.dropped = dropped

    def _relationship_cycles(self) -> set[str]:
        """Relationships that are, following relationship endpoints, their own endpoint. Only a
        forward reference can close such a cycle, so the search starts from those."""
        concepts = self.concepts
        in_cycle: set[str] = set()
        done: set[str] = set()
        for start in self.unresolved:
            path: list[str] = []
            on_path: set[str] = set()
            stack = [(start, False)]
            while stack:
                ident, leaving = stack.pop()
                if leaving:
                    path.pop()
                    on_path.discard(ident)
                    done.add(ident)
                    continue
                if ident in on_path:
                    in_cycle.update(path[path.index(ident) :])
                    continue
                rel = concepts.get(ident)
                if ident in done or not isinstance(rel, Relationship):
                    continue
                path.append(ident)
                on_path.add(ident)
                stack.append((ident, True))
                stack.extend((end, False) for end in (rel.source, rel.target) if end is not None)
        return in_cycle

    def _declare_missing_definitions(self) -> None:
        for ref in self.refs:
            if ref in self.property_definitions:
                continue
            ident = ref
            if ident in self.concepts or ident in self.other_ids:
                ident = self._generate_id("propertyDefinition")
                self._rename_ref(ref, ident)
            self.warn(
                "unknown-property-definition",
                f"properties refer to property definition {ref!r}, which is not declared; "
                "declared it as a string property",
                ref=ref,
                line=self.ref_lines.get(ref),
            )
            self.property_definitions[ident] = PropertyDefinition(id=ident, name={"": ref}, type="string")
            self.other_ids[ident] = "propertyDefinition"

    def _rename_ref(self, old: str, new: str) -> None:
        def fix(properties):
            for prop in properties:
                if prop.definition_ref == old:
                    prop.__dict__["definition_ref"] = new

        for concept in self.concepts.values():
            fix(concept.properties)
        fix(self.info.properties)
        for view in self.views:
            fix(view.properties)

    # ---- views and organizations ------------------------------------------------------------------

    def check_view_references(self) -> None:
        if self.dropped:  # relationships left out after their views were read
            for view in self.views:
                for connection in view.connections:
                    if connection.relationship_ref in self.dropped:
                        self.view_checks.append(("relationship", connection, view.connections, view, None))
        view_ids = {view.id for view in self.views}
        viewpoint_ids = {viewpoint.id for viewpoint in self.viewpoints}
        for kind, obj, container, view, line in self.view_checks:
            if kind == "element":
                target = self.concepts.get(obj.element_ref)
                if isinstance(target, Element):
                    continue
                what = "a relationship" if isinstance(target, Relationship) else "not in the model"
                self.error(
                    "dangling-reference",
                    f"node {obj.id!r} in view {view.id!r} shows element {obj.element_ref!r}, which is {what}",
                    ref=obj.id,
                    line=line,
                )
                self._drop_node(view, obj, container)
            elif kind == "relationship":
                target = self.concepts.get(obj.relationship_ref)
                if isinstance(target, Relationship):
                    continue
                what = "an element" if isinstance(target, Element) else "not in the model"
                self.error(
                    "dangling-reference",
                    f"connection {obj.id!r} in view {view.id!r} shows relationship {obj.relationship_ref!r}, "
                    f"which is {what}",
                    ref=obj.id,
                    line=line,
                )
                self._drop_connections(view, {obj.id})
            elif kind == "concept":
                if obj.concept_ref in self.concepts:
                    continue
                self.error(
                    "dangling-reference",
                    f"label {obj.id!r} in view {view.id!r} refers to concept {obj.concept_ref!r}, "
                    "which is not in the model",
                    ref=obj.id,
                    line=line,
                )
                obj.concept_ref = None
            elif kind == "view":
                for ref in [obj.view_ref, *obj.extra_view_refs]:
                    if ref not in view_ids:
                        self.error(
                            "dangling-reference",
                            f"{obj.id!r} in view {view.id!r} links to view {ref!r}, which is not in the model",
                            ref=obj.id,
                            line=line,
                        )
                refs = [ref for ref in [obj.view_ref, *obj.extra_view_refs] if ref in view_ids]
                obj.view_ref, obj.extra_view_refs = (refs[0] if refs else None), refs[1:]
            elif kind == "viewpoint" and obj.viewpoint_ref not in viewpoint_ids:
                self.error(
                    "dangling-reference",
                    f"view {obj.id!r} names viewpoint {obj.viewpoint_ref!r}, which the model does not define",
                    ref=obj.id,
                    line=line,
                )
                obj.viewpoint_ref = None

    def _drop_node(self, view: View, node: ViewNode, container: list) -> None:
        """Leave a node out (recover); its nested nodes move up to its parent."""
        for index, candidate in enumerate(container):
            if candidate is node:
                container[index : index + 1] = node.children
                break
        self.dropped_view_objects.add(node.id)
        attached = {c.id for c in view.connections if node.id in (c.source, c.target)}
        self._drop_connections(view, attached)

    def _drop_connections(self, view: View, dropped: set[str], *, report: bool = True) -> None:
        """Leave connections out (recover), and the connections attached to them."""
        while dropped:
            if report:
                for connection_id in sorted(dropped):
                    self.error(
                        "dangling-reference",
                        f"connection {connection_id!r} in view {view.id!r} was left out with what it connects",
                        ref=connection_id,
                    )
            view.connections = [c for c in view.connections if c.id not in dropped]
            self.dropped_view_objects.update(dropped)
            dropped = {c.id for c in view.connections if c.source in dropped or c.target in dropped}
            report = True

    def check_organization_references(self) -> None:
        if self.dropped:  # relationships left out after the organizations were read

            def visit(items: list[OrganizationItem]) -> None:
                for item in items:
                    if item.ref in self.dropped:
                        self.organization_checks.append((item, items, None))
                    visit(item.items)

            visit(self.organizations)
        for item, container, line in self.organization_checks:
            if item.ref in self.concepts or item.ref in self.other_ids:
                continue
            self.error(
                "dangling-reference",
                f"organization item refers to {item.ref!r}, which is not in the model",
                ref=item.ref,
                line=line,
            )
            for index, candidate in enumerate(container):
                if candidate is item:
                    container[index : index + 1] = item.items  # its children (if any) move up
                    break
