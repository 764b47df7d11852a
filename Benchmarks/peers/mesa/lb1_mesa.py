"""LB-1 in idiomatic Mesa 3.5.1 (Python 3.12).

Residents are mesa.Agent subclasses holding their ties as agent references;
the model steps them with AgentSet.do ("step" decides from yesterday's
flags, "advance" sets today's), sorts agents for the monthly recognition,
and records each day with a DataCollector. Random numbers: the model's
seeded `random.Random`.

    python lb1_mesa.py --residents N --days T --threads 1 --seed S [--csv FILE]

Prints `resident_days_per_second=<number>` as its last line. Mesa runs a
model on one thread; --threads other than 1 is refused.
"""

import argparse
import csv
import math
import sys
import time

import mesa

NEIGHBOURHOOD = 40
LOCAL_TIES = 6
GLOBAL_TIES = 2
DECAY = 2 ** (-1 / 30)  # engagement half-life of 30 days


class Resident(mesa.Agent):
    """One resident: fixed traits, engagement E, fatigue, active flag, ties."""

    def __init__(self, model, retiree, theta, mu, leader):
        super().__init__(model)
        self.retiree = retiree
        self.theta = theta
        self.mu = mu
        self.leader = leader
        self.ties = []
        self.engagement = 0.0
        self.fatigue = 0.0
        self.active = False
        self.recognised_until = -1

    def step(self):
        """Decide whether to take part today, reading only yesterday's flags."""
        model = self.model
        t = model.day
        if self.retiree or model.weekend:
            k = sum(1 for j in self.ties if j.active)
            n = len(self.ties)
            s = min(1.0, k / (n * self.theta)) if n else 0.0
            x = -2.75 + 2 * self.mu + 3 * s - 2 * self.fatigue
            if self.leader:
                x += 1
            if t <= self.recognised_until:
                x += 0.5
            if self.random.random() < 1 / (1 + math.exp(-x)):
                self.engagement = DECAY * self.engagement + (1 - DECAY)
                self.fatigue = min(1.0, self.fatigue + 0.1)
                model.participants += 1
                return
        self.engagement = DECAY * self.engagement
        self.fatigue = 0.9 * self.fatigue

    def advance(self):
        """Today's flag, set for everyone after all decisions."""
        self.active = self.engagement > 0.2


class LB1Model(mesa.Model):
    def __init__(self, residents, seed):
        super().__init__(rng=seed)
        rnd = self.random
        for _ in range(residents):
            Resident(
                self,
                retiree=rnd.random() < 0.3,
                theta=rnd.betavariate(2, 5),
                mu=rnd.random(),
                leader=rnd.random() < 0.01,
            )
        people = list(self.agents)
        n = len(people)
        for i, agent in enumerate(people):
            lo = i // NEIGHBOURHOOD * NEIGHBOURHOOD
            hood = [people[j] for j in range(lo, min(n, lo + NEIGHBOURHOOD)) if j != i]
            agent.ties = hood if len(hood) <= LOCAL_TIES else rnd.sample(hood, LOCAL_TIES)
            others = [rnd.randrange(n - 1) for _ in range(GLOBAL_TIES)] if n > 1 else []
            agent.ties += [people[j + 1 if j >= i else j] for j in others]
        self.people = people
        self.day = 0
        self.weekend = False
        self.participants = 0
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "participants": "participants",
                "active_share": lambda m: sum(m.agents.get("active")) / len(m.agents),
                "mean_engagement": lambda m: sum(m.agents.get("engagement")) / len(m.agents),
            }
        )

    def step(self):
        t = self.day
        self.weekend = t % 7 >= 5
        self.participants = 0
        self.agents.do("step")
        self.agents.do("advance")
        if t % 30 == 29:
            top = math.ceil(0.01 * len(self.people))
            ranked = sorted(self.people, key=lambda a: -a.engagement)  # stable: ties keep the lower index first
            for agent in ranked[:top]:
                agent.recognised_until = t + 60
        self.datacollector.collect(self)
        self.day += 1


def main():
    p = argparse.ArgumentParser(description="LB-1 on Mesa")
    p.add_argument("--residents", type=int, default=10_000)
    p.add_argument("--days", type=int, default=365)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--csv")
    p.add_argument("--quiet", action="store_true")
    a = p.parse_args()
    if a.threads != 1:
        sys.exit("lb1_mesa: Mesa steps a model on one thread; use --threads 1")
    t0 = time.perf_counter()
    model = LB1Model(a.residents, a.seed)
    setup = time.perf_counter() - t0
    t1 = time.perf_counter()
    for _ in range(a.days):
        model.step()
    loop = time.perf_counter() - t1
    df = model.datacollector.get_model_vars_dataframe()
    if a.csv:
        with open(a.csv, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["day", "participants", "active_share", "mean_engagement"])
            for t, row in enumerate(df.itertuples(index=False)):
                w.writerow([t, row.participants, repr(row.active_share), repr(row.mean_engagement)])
    if not a.quiet:
        print(f"lb1 (Mesa {mesa.__version__}): residents={a.residents} days={a.days} threads=1 seed={a.seed}")
        print(f"setup_seconds={setup:.4f} loop_seconds={loop:.4f}")
        print(f"active_share_last={df['active_share'].iloc[-1]:.6f} mean_engagement_last={df['mean_engagement'].iloc[-1]:.6f}")
    print(f"resident_days_per_second={a.residents * a.days / loop:.0f}")


if __name__ == "__main__":
    main()
