"""Balanced, contiguous partition of an atom graph into k parts.

Recursive bisection: every cut is a sweep across the atoms in one of several directions, at the
position that best balances the two sides, preferring positions whose cut runs along barriers
(edges between atoms of different street blocks cost less); each side is then made contiguous.
After the bisection, boundary atoms are moved between neighbouring parts (never disconnecting the
part they leave) while that lowers an objective of squared relative imbalance plus cut length,
so parts end within tolerance where the atoms allow it, and compact.
"""

import math
import warnings

import numpy as np
import scipy.linalg
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

BARRIER_COST = 0.05  # a metre of cut along a barrier costs this much of a metre across open ground
N_DIRECTIONS = 12
BISECT_SHAPE = 0.25  # share of the shape weight that scores the two halves of a bisection
# Weight of the compactness term: sum over parts of perimeter² / (4π area) = 1 / Polsby-Popper.  Moves
# never take a part out of the tolerance (see `_keeps_balance`), so a larger weight costs no balance: with
# 12 (was 4) the four bench cases (bench/partition/speed.py) keep or raise their share of grids within the
# tolerance and their mean Polsby-Popper rises (see bench/RESULTS.md, issue 16).
SHAPE_WEIGHT = 12.0


def shape_cost(perimeter, area):
    """1 / Polsby-Popper of parts (1 for a disc, 1.27 for a square; grows with ragged or long shapes)."""
    return perimeter * perimeter / (4.0 * np.pi * np.maximum(area, 1e-9))


def _keeps_balance(before, after, tol, aim):
    """A part may change from `before` to `after` (totals relative to the balanced share, 1 = share;
    `aim` = the target relative to the share): it stays within the tolerance of the target, or gets no
    further from the target than it was; where the share itself misses the target (an area that is no
    whole number of grids), it may also vary within half the tolerance of the share."""
    dev = np.abs(after / aim - 1.0)
    ok = (dev <= tol) | (dev <= np.abs(before / aim - 1.0))
    unreachable = np.abs(1.0 / aim - 1.0) > tol
    ok |= unreachable & (np.abs(after - 1.0) <= 0.5 * tol)
    return bool(np.all(ok))


class AtomGraph:
    """Undirected weighted graph of atoms (CSR adjacency + per-edge cut cost)."""

    def __init__(self, n, u, v, cost, length=None, atom_area=None, atom_perimeter=None):
        self.n = n
        m = coo_matrix(
            (np.concatenate([cost, cost]), (np.concatenate([u, v]), np.concatenate([v, u]))), shape=(n, n)
        ).tocsr()
        m.sum_duplicates()
        self.csr = m
        self.indptr = m.indptr
        self.indices = m.indices
        self.data = m.data
        self.u = np.asarray(u)
        self.v = np.asarray(v)
        self.cost = np.asarray(cost, dtype=float)
        # geometry for the compactness term (optional): shared edge lengths, atom areas and perimeters
        self.length = None if length is None else np.asarray(length, dtype=float)
        self.atom_area = None if atom_area is None else np.asarray(atom_area, dtype=float)
        self.atom_perimeter = None if atom_perimeter is None else np.asarray(atom_perimeter, dtype=float)
        if self.length is not None:
            lm = coo_matrix(
                (np.concatenate([self.length, self.length]), (np.concatenate([u, v]), np.concatenate([v, u]))),
                shape=(n, n),
            ).tocsr()
            lm.sum_duplicates()
            self.length_data = lm.data  # same sparsity pattern and order as `data`
        else:
            self.length_data = None

    @property
    def has_shape(self):
        return self.length_data is not None and self.atom_area is not None and self.atom_perimeter is not None

    def neighbours(self, i):
        a, b = self.indptr[i], self.indptr[i + 1]
        return self.indices[a:b], self.data[a:b]

    def shared_lengths(self, i):
        a, b = self.indptr[i], self.indptr[i + 1]
        return self.length_data[a:b]

    def components(self, nodes):
        """Connected components of the subgraph induced by `nodes` (labels aligned with nodes)."""
        sub = self.csr[nodes][:, nodes]
        return connected_components(sub, directed=False)


def edge_costs(length, barrier):
    return np.where(barrier, BARRIER_COST, 1.0) * length


def penalty(dev, tol):
    """Balance penalty of relative deviations `dev` (0 = on target)."""
    x = np.abs(dev) / tol
    return x * x + 20.0 * np.maximum(0.0, x - 1.0) ** 2


def _components(n, u, v):
    """Connected components of the graph (n nodes, edges u-v): (count, labels), labelled like
    scipy's connected_components (in the order of each component's lowest node).  Min-label hooking
    with pointer jumping in numpy: far cheaper than building a sparse matrix for the small graphs of
    one bisection, which run it thousands of times."""
    parent = np.arange(n)
    if len(u):
        while True:
            pu, pv = parent[u], parent[v]
            differ = pu != pv
            if not differ.any():
                break
            pu, pv = pu[differ], pv[differ]
            np.minimum.at(parent, np.maximum(pu, pv), np.minimum(pu, pv))
            while True:  # pointer jumping: every node points at its current root
                grand = parent[parent]
                if (grand == parent).all():
                    break
                parent = grand
    roots, lab = np.unique(parent, return_inverse=True)
    return len(roots), lab


def _potentials(lap, load):
    """Potentials x with lap x = load (the part-graph Laplacian; only differences of x matter).  On a
    connected part graph, lap + 1/k is symmetric positive definite and its solution differs from the
    least-squares one by a constant: a Cholesky solve, many times cheaper than the SVD of lstsq, which stays
    as the fallback.  (Not numpy's `solve`: OpenBLAS runs its LU in threads even for a 25 × 25 matrix, and
    with the cores busy — our own worker processes — one solve took 10–35 ms instead of 0.2–1.2.)"""
    k = len(lap)
    try:
        with warnings.catch_warnings():  # a nearly singular system (parts not all connected) is caught below
            warnings.simplefilter("ignore", scipy.linalg.LinAlgWarning)
            x = scipy.linalg.solve(lap + 1.0 / k, load, assume_a="pos", check_finite=False)
        if np.allclose(lap @ x, load - load.mean(), atol=1e-9):
            return x
    except np.linalg.LinAlgError:
        pass
    return np.linalg.lstsq(lap, load, rcond=None)[0]


def _sum_where(values, labels, label):
    """Sum of `values` where `labels` equals `label`, left to right (as numpy sums a handful of values)."""
    total = 0.0
    for v, lab in zip(values, labels):
        if lab == label:
            total += v
    return total


def _stays_connected(a, p, part, lists, size_p):
    """Would part p stay connected without atom a?  Local test first, BFS (within p, around a) when needed.
    `lists` is the adjacency as plain lists (see `Partitioner.refine`)."""
    same = [x for x in lists[a][0] if part[x] == p]
    if len(same) <= 1:
        return True
    targets = set(same)
    start = same[0]
    seen = {a, start}
    frontier = [start]
    targets.discard(start)
    budget = size_p
    while frontier and targets and budget > 0:
        nxt = []
        for x in frontier:
            for y in lists[x][0]:
                if part[y] == p and y not in seen:
                    seen.add(y)
                    targets.discard(y)
                    nxt.append(y)
            budget -= 1
        frontier = nxt
    return not targets


class _RefineState:
    """Mutable bookkeeping of one refinement (labels, totals, sizes, adjacency, optional shape)."""

    def __init__(self, part, w, totals, size, adj):
        self.part, self.w, self.totals, self.size, self.adj = part, w, totals, size, adj
        self.shape = None  # (atom areas, atom perimeters, part areas, part perimeters)
        self.lists = None  # the adjacency as plain lists (see `Partitioner._moves`)


class Partitioner:
    """Partition the atoms `nodes` of `graph` into `k` contiguous parts.

    `weights` is (n_atoms × criteria), each criterion scaled so that a balanced part sums to 1
    within this set of nodes.  `xy` are atom centroids (for the sweeps), `scale` a length (m) that
    converts cut cost into the objective (about the perimeter of one part).
    """

    def __init__(
        self,
        graph,
        weights,
        xy,
        tol,
        rng,
        cut_weight=3.0,
        scale=100.0,
        progress=None,
        shape_weight=SHAPE_WEIGHT,
        bisect_shape=BISECT_SHAPE,
        aim=None,
    ):
        self.g = graph
        self.w = np.asarray(weights, dtype=float)
        self.wsum = self.w.mean(axis=1)
        self.xy = xy
        self.tol = tol
        self.rng = rng
        self.cut_weight = cut_weight
        self.scale = scale
        self.progress = progress
        self.shape_weight = shape_weight if graph.has_shape else 0.0
        self.bisect_shape = bisect_shape
        # the target relative to the balanced share, per criterion (1 when the share is the target)
        self.aim = np.ones(self.w.shape[1]) if aim is None else np.asarray(aim, dtype=float)

    # -- bisection ---------------------------------------------------------------------------
    #: ``report(fraction)`` called as the bisection finishes parts (None: no progress reported)
    report = None

    def split(self, nodes, k):
        labels = np.zeros(len(nodes), dtype=int)
        self._leaves, self._total = 0, max(1, int(k))
        self._split(np.asarray(nodes), k, 0, labels, {v: i for i, v in enumerate(nodes)})
        return labels

    def _split(self, nodes, k, first_label, labels, pos):
        if k <= 1 or len(nodes) <= 1:
            for v in nodes:
                labels[pos[v]] = first_label
            self._leaves += max(1, int(k))
            if self.report is not None and (self._leaves % max(1, self._total // 200) == 0):
                self.report(min(1.0, self._leaves / self._total))  # a long bisection shows progress
            return
        if len(nodes) < k:
            k = len(nodes)
        k1 = k // 2
        left, right = self._best_cut(nodes, k, k1)
        if self.progress is not None:
            self.progress.check()
        self._split(left, k1, first_label, labels, pos)
        self._split(right, k - k1, first_label + k1, labels, pos)

    def partition(self, nodes, k):
        """Bisection, then refinement (see :meth:`refine`)."""
        return self.refine(nodes, self.split(nodes, k), k)

    def _best_cut(self, nodes, k, k1):
        w = self.wsum[nodes]
        total = w.sum()
        frac = k1 / k
        xy = self.xy[nodes]
        local = np.full(self.g.n, -1)
        local[nodes] = np.arange(len(nodes))
        # edges inside this node set
        eu, ev = local[self.g.u], local[self.g.v]
        inside = (eu >= 0) & (ev >= 0)
        eu, ev, ec = eu[inside], ev[inside], self.g.cost[inside]
        shape = self.shape_weight > 0 and self.bisect_shape > 0
        if shape:
            el = self.g.length[inside]
            a_area = self.g.atom_area[nodes]
            a_per = self.g.atom_perimeter[nodes]
        # allowed imbalance of the cut, relative to the whole set
        slack = 0.35 * self.tol * min(k1, k - k1) / k
        offset = self.rng.random() * np.pi / N_DIRECTIONS
        n = len(nodes)
        # all sweep directions at once (rows): order of the atoms along each, and the cut cost of
        # "first i+1 atoms | rest" for every i
        theta = offset + np.arange(N_DIRECTIONS) * np.pi / N_DIRECTIONS
        proj = np.cos(theta)[:, None] * xy[:, 0] + np.sin(theta)[:, None] * xy[:, 1]
        orders = np.argsort(proj, axis=1, kind="stable")
        ranks = np.empty_like(orders)
        np.put_along_axis(ranks, orders, np.arange(n)[None, :], axis=1)
        if total > 0:
            cums = np.cumsum(w[orders], axis=1) / total
        else:
            cums = np.broadcast_to(np.arange(1, n + 1) / n, (N_DIRECTIONS, n))
        ru, rv = ranks[:, eu], ranks[:, ev]
        row = (np.arange(N_DIRECTIONS) * (n + 1))[:, None]
        size = N_DIRECTIONS * (n + 1)
        ecs = np.broadcast_to(ec, ru.shape).ravel()
        diffs = np.bincount((np.minimum(ru, rv) + row).ravel(), ecs, size) - np.bincount(
            (np.maximum(ru, rv) + row).ravel(), ecs, size
        )
        cuts = np.cumsum(diffs.reshape(N_DIRECTIONS, n + 1), axis=1)[:, :-1]
        devs = np.abs(cums - frac)
        valid = np.arange(n) < n - 1
        candidates = []
        for d in range(N_DIRECTIONS):
            order, cut, dev = orders[d], cuts[d], devs[d]
            window = np.flatnonzero(valid & (dev <= slack))
            if len(window) == 0:
                window = np.flatnonzero(valid)
                window = window[np.argsort(dev[window])[:3]]
            score = cut[window] / self.scale + (dev[window] / max(slack, 1e-9)) ** 2
            best = window[np.argsort(score)[:3]]
            for i, sc in zip(best, np.sort(score)[:3]):
                candidates.append((sc, order, i))
        best_split, best_score = None, np.inf
        candidates.sort(key=lambda c: c[0])
        clean = 0
        for _, order, i in candidates:
            side = np.zeros(len(nodes), dtype=bool)
            side[order[: i + 1]] = True
            fixed = self._make_contiguous(side, eu, ev, w)
            if fixed.all() or not fixed.any():
                continue
            wl = w[fixed].sum() / total if total > 0 else fixed.mean()
            dev = abs(wl - frac)
            cut_mask = fixed[eu] != fixed[ev]
            score = ec[cut_mask].sum() / self.scale + (dev / max(slack, 1e-9)) ** 2
            if shape:  # compact halves split into compact parts
                for half in (fixed, ~fixed):
                    inner = el[half[eu] & half[ev]].sum()
                    score += (
                        self.bisect_shape
                        * self.shape_weight
                        * shape_cost(a_per[half].sum() - 2.0 * inner, a_area[half].sum())
                    )
            if score < best_score:
                best_score, best_split = score, fixed
            if (fixed == side).all():
                clean += 1
                if clean >= 4:  # candidates come best first: enough untouched ones seen
                    break
        if best_split is None:  # cannot happen on a connected set with ≥ 2 nodes, but stay safe
            best_split = np.zeros(len(nodes), dtype=bool)
            best_split[: max(1, len(nodes) // 2)] = True
        return nodes[best_split], nodes[~best_split]

    @staticmethod
    def _make_contiguous(side, eu, ev, w):
        """Keep the heaviest component on each side; move stray pieces to the other side.
        `eu`, `ev` are the edges among the nodes (local indices), `w` their weights."""
        side = side.copy()
        n = len(side)
        for flag in (True, False):
            members = side == flag
            if members.sum() <= 1:
                continue
            keep_edges = members[eu] & members[ev]
            ncomp, lab = _components(n, eu[keep_edges], ev[keep_edges])
            lab_m = lab[members]
            if len(np.unique(lab_m)) <= 1:
                continue
            cw = np.bincount(lab_m, weights=w[members] + 1e-9, minlength=ncomp)
            keep = np.argmax(cw)
            stray = members & (lab != keep)
            side[stray] = not flag
        return side

    # -- refinement --------------------------------------------------------------------------
    def refine(self, nodes, labels, k, max_passes=12):
        """Move boundary atoms between parts while the objective drops; keeps parts contiguous.

        First balance (diffusion, then single moves against squared imbalance plus cut cost); then,
        with a shape weight, moves that make parts more compact (perimeter² / area) without taking
        any part out of the tolerance or further from its target."""
        nodes = np.asarray(nodes)
        n = len(nodes)
        if k <= 1 or n <= 1:
            return labels
        local = np.full(self.g.n, -1)
        local[nodes] = np.arange(n)
        part = labels.copy()
        w = self.w[nodes]
        totals = np.zeros((k, w.shape[1]))
        np.add.at(totals, part, w)
        size = np.bincount(part, minlength=k)
        shape = self.shape_weight > 0
        adj = []
        for v in nodes:
            nb, c = self.g.neighbours(v)
            loc = local[nb]
            ok = loc >= 0
            adj.append((loc[ok], c[ok], self.g.shared_lengths(v)[ok]) if shape else (loc[ok], c[ok]))
        lists = [(e[0].tolist(), e[1].tolist(), e[2].tolist() if len(e) > 2 else None) for e in adj]
        self._diffuse(part, w, totals, size, adj, lists, k)
        state = _RefineState(part, w, totals, size, adj)
        state.lists = lists
        self._moves(state, max_passes, self.rng)
        if shape:
            a_area = self.g.atom_area[nodes]
            a_per = self.g.atom_perimeter[nodes]
            inner = np.zeros(k)  # twice the length of edges inside each part
            for a in range(n):
                nb, _, ln = adj[a]
                inner[part[a]] += ln[part[nb] == part[a]].sum()
            state.shape = (
                a_area,
                a_per,
                np.bincount(part, weights=a_area, minlength=k),
                np.bincount(part, weights=a_per, minlength=k) - inner,
            )
            # own random stream: the shape phase does not shift what later pieces of the area draw
            self._moves(state, max_passes, np.random.default_rng(n))
        return part

    def _moves(self, st, max_passes, rng):
        """Passes of single boundary-atom moves that lower the objective (see :meth:`refine`), in plain
        Python numbers and lists (this loop is the hot spot, and numpy's per-call cost exceeds the work on
        an atom's handful of neighbours); with several criteria the totals are small arrays."""
        tol = self.tol
        cw = self.cut_weight / self.scale
        shape = st.shape is not None
        lists = st.lists
        part = st.part.tolist()
        size = st.size.tolist()
        if shape:
            a_area, a_per = st.shape[0].tolist(), st.shape[1].tolist()
            p_area, p_per = st.shape[2].tolist(), st.shape[3].tolist()
            sw = self.shape_weight
        four_pi = 4.0 * math.pi
        one = st.w.shape[1] == 1
        if one:
            tot = st.totals[:, 0].tolist()
            wl = st.w[:, 0].tolist()
            aim0 = float(self.aim[0])
            share_off = abs(1.0 / aim0 - 1.0) > tol

            def pen(t):
                x = abs(t - 1.0) / tol
                return x * x + (20.0 * (x - 1.0) ** 2 if x > 1.0 else 0.0)

            def keeps(b, f):
                dev = abs(f / aim0 - 1.0)
                return dev <= tol or dev <= abs(b / aim0 - 1.0) or (share_off and abs(f - 1.0) <= 0.5 * tol)
        else:
            tot = [row.copy() for row in st.totals]
            wl = list(st.w)
            aim = self.aim

            def pen(t):
                return penalty(t - 1.0, tol).sum()

            def keeps(b, f):
                return _keeps_balance(b, f, tol, aim)

        def cost(per, area):
            return per * per / (four_pi * max(area, 1e-9))

        order = np.arange(len(part))
        for _ in range(max_passes):
            moved = 0
            rng.shuffle(order)
            for a in order.tolist():
                p = part[a]
                if size[p] <= 1:
                    continue
                nb, c, ln = lists[a]
                if not nb:
                    continue
                nparts = [part[x] for x in nb]
                others = sorted({q for q in nparts if q != p})
                if not others:
                    continue
                wa = wl[a]
                tp = tot[p]
                if shape and not keeps(tp, tp - wa):
                    continue
                gain_p = pen(tp - wa) - pen(tp)
                to_p = _sum_where(c, nparts, p)
                if shape:
                    per_p = p_per[p] - a_per[a] + 2.0 * _sum_where(ln, nparts, p)
                    gain_p += sw * (cost(per_p, p_area[p] - a_area[a]) - cost(p_per[p], p_area[p]))
                best_q, best_delta, best_per = -1, -1e-9, 0.0
                for q in others:
                    tq = tot[q]
                    if shape and not keeps(tq, tq + wa):
                        continue
                    delta = gain_p + pen(tq + wa) - pen(tq)
                    delta += cw * (to_p - _sum_where(c, nparts, q))
                    if shape:
                        per_q = p_per[q] + a_per[a] - 2.0 * _sum_where(ln, nparts, q)
                        delta += sw * (cost(per_q, p_area[q] + a_area[a]) - cost(p_per[q], p_area[q]))
                    if delta < best_delta:
                        best_q, best_delta = q, delta
                        if shape:
                            best_per = per_q
                if best_q < 0:
                    continue
                if not _stays_connected(a, p, part, lists, size[p]):
                    continue
                part[a] = best_q
                tot[p] -= wa
                tot[best_q] += wa
                size[p] -= 1
                size[best_q] += 1
                if shape:
                    p_per[p] = per_p
                    p_per[best_q] = best_per
                    p_area[p] -= a_area[a]
                    p_area[best_q] += a_area[a]
                moved += 1
            if self.progress is not None:
                self.progress.check()
            if moved == 0:
                break
        st.part[:] = part
        if one:
            st.totals[:, 0] = tot
        else:
            st.totals[:] = np.array(tot)
        st.size[:] = size
        if shape:
            st.shape[2][:] = p_area
            st.shape[3][:] = p_per

    def _diffuse(self, part, w, totals, size, adj, lists, k, rounds=40):
        """Diffusion load balancing: flows between neighbouring parts from the part-graph Laplacian,
        realised by moving boundary atoms (best-connected first) without disconnecting a part."""
        n = len(part)
        # the adjacency as directed edge arrays: the part graph of every round in a few array operations
        src = np.repeat(np.arange(n), [len(adj[a][0]) for a in range(n)])
        dst = np.concatenate([adj[a][0] for a in range(n)]) if n else np.zeros(0, int)
        cost = np.concatenate([adj[a][1] for a in range(n)]) if n else np.zeros(0)
        first_edge = np.concatenate([[0], np.cumsum([len(adj[a][0]) for a in range(n)])])  # src is sorted
        w_mean = w.mean(axis=1).tolist()
        for _ in range(rounds):
            load = totals.mean(axis=1) - 1.0
            if np.abs(load).max() <= 0.4 * self.tol:
                return
            ps, pd = part[src], part[dst]
            cross = ps != pd
            codes = np.unique(np.minimum(ps[cross], pd[cross]) * k + np.maximum(ps[cross], pd[cross]))
            if not len(codes):
                return
            pairs = [(int(c // k), int(c % k)) for c in codes]
            lap = np.zeros((k, k))
            lo, hi = codes // k, codes % k
            np.add.at(lap, (lo, hi), -1.0)
            np.add.at(lap, (hi, lo), -1.0)
            np.add.at(lap, (lo, lo), 1.0)
            np.add.at(lap, (hi, hi), 1.0)
            x = _potentials(lap, load)
            flows = sorted(
                ((x[p] - x[q], p, q) if x[p] > x[q] else (x[q] - x[p], q, p) for p, q in pairs), reverse=True
            )
            moved_any = False
            for flow, p, q in flows:
                if flow <= 0.05 * self.tol:
                    continue
                # the atoms of p bordering q, best connected to q (and least to p) first, from the edge
                # arrays (the parts change as atoms move, so this is redone for every pair)
                members = np.flatnonzero(part == p)
                starts, counts = first_edge[members], first_edge[members + 1] - first_edge[members]
                edges = np.repeat(starts - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts) + np.arange(
                    counts.sum()
                )  # the edges of p's atoms, in the order of `src`
                e_src, to = src[edges], part[dst[edges]]
                to_q = np.bincount(e_src[to == q], cost[edges][to == q], minlength=n)
                to_p = np.bincount(e_src[to == p], cost[edges][to == p], minlength=n)
                border = np.flatnonzero(to_q > 0)
                cands = border[np.lexsort((border, to_q[border] - to_p[border]))[::-1]]
                moved = 0.0
                for a in cands.tolist():
                    wa = w_mean[a]
                    if moved + wa > flow + 0.5 * wa or size[p] <= 1:
                        continue
                    if part[a] != p or not _stays_connected(a, p, part, lists, size[p]):
                        continue
                    nb = adj[a][0]
                    if not (part[nb] == q).any():
                        continue
                    part[a] = q
                    totals[p] -= w[a]
                    totals[q] += w[a]
                    size[p] -= 1
                    size[q] += 1
                    moved += wa
                    moved_any = True
            if self.progress is not None:
                self.progress.check()
            if not moved_any:
                return
