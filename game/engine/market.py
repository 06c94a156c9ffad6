"""The rare-earth market: supply, demand and the price index, and what states earn from it.

A deliberately small model a student can follow (see docs/scenario-format.md, `market`):
The leading supplier's output falls with its export controls, others' supply and demand grow, the price moves toward
the level that the demand/supply ratio implies, and each state's revenue follows its output at each
stage of the value chain.
"""
from __future__ import annotations

from dataclasses import dataclass

from game.scenario.model import Market


@dataclass(frozen=True)
class Clearing:
    """One turn's market: quantities in kt/yr, the target and new price index."""

    demand: float
    leader: float
    other: float
    states: float
    target: float
    price: float

    @property
    def supply(self) -> float:
        return self.leader + self.other + self.states

    @property
    def leader_share(self) -> float:
        return 100.0 * self.leader / self.supply if self.supply > 0 else 0.0

    def explain(self, leader: str = "China", states: str = "the states") -> str:
        return (f"world market: demand {self.demand:.0f} kt vs supply {self.supply:.0f} kt "
                f"({leader} {self.leader:.0f}, others {self.other:.0f}, {states} {self.states:.1f})")


def stage_outputs(market: Market, capacities: list[float]) -> list[float]:
    """Output of each stage: a stage can only process what the stage before it produced."""
    out: list[float] = []
    prev = None
    for cap in capacities:
        o = max(0.0, cap) if prev is None else min(max(0.0, cap), prev)
        out.append(o)
        prev = o
    return out


def revenue(market: Market, capacities: list[float], price: float, turn_months: int) -> tuple[float, float]:
    """Revenue this turn and the value-added share (%) for one state's stage capacities."""
    outs = stage_outputs(market, capacities)
    total = 0.0
    for i, stage in enumerate(market.stages):
        sold_here = outs[i] - (outs[i + 1] if i + 1 < len(outs) else 0.0)
        total += sold_here * stage.value
    scale = price / 100.0 * turn_months / 12.0
    # Value added: the part of the sales that processing added on top of the ore's own value
    # (all sold as ore: 0%; all turned into magnets worth 12 times the ore: 92%).
    as_ore = outs[0] * market.stages[0].value if outs else 0.0
    share = 100.0 * (total - as_ore) / total if total > 0 else 0.0
    return total * scale, share


def leader_supply_now(market: Market, controls: float) -> float:
    return market.leader_supply * (1 - market.control_cut * max(0.0, min(100.0, controls)) / 100.0)


def start_ratio(market: Market, start_controls: float) -> float:
    """Demand over supply at the start: the price index's anchor (start price = balance)."""
    return market.demand / (leader_supply_now(market, start_controls) + market.other_supply)


def clear(market: Market, turn: int, price: float, controls: float, start_price: float,
          ratio0: float, states_supply: float) -> Clearing:
    """Clear the market on `turn` (1-based) given the current price and the controls level."""
    t = turn - 1
    demand = market.demand * (1 + market.demand_growth) ** t
    leader = leader_supply_now(market, controls)
    other = market.other_supply * (1 + market.other_growth) ** t
    supply = leader + other + states_supply
    ratio = demand / supply if supply > 0 else ratio0 * 4
    # Beyond a thousandfold gap the price is at its cap anyway; the power must not overflow.
    gap = min(1e3, max(1e-3, ratio / ratio0))
    target = start_price * gap ** market.elasticity
    new_price = market.inertia * price + (1 - market.inertia) * target
    return Clearing(demand, leader, other, states_supply, target, new_price)
