"""The application portfolio matrix: functional fit × technical fit, a bubble per application, TIME
quadrants with Thai and English labels. Plain SVG (no Graphviz: the positions are the data)."""

from exporters.portfolio.matrix import generate_portfolio_svg, write_portfolio_svg

__all__ = ["generate_portfolio_svg", "write_portfolio_svg"]
