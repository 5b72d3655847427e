//! Dependency ordering: waves of resources that can deploy in parallel, and cycle reports.

use alloc::vec;
use alloc::vec::Vec;

/// Kahn's algorithm in layers. `deps[i]` lists the nodes `i` depends on. Returns the waves
/// (each sorted by index, so template order breaks ties deterministically) or, when there
/// is a cycle, the nodes of one cycle in order.
pub(crate) fn waves(deps: &[Vec<usize>]) -> Result<Vec<Vec<usize>>, Vec<usize>> {
    let n = deps.len();
    let mut remaining: Vec<usize> = deps.iter().map(Vec::len).collect();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, ds) in deps.iter().enumerate() {
        for &d in ds {
            dependents[d].push(i);
        }
    }
    let mut current: Vec<usize> = (0..n).filter(|&i| remaining[i] == 0).collect();
    let mut out = Vec::new();
    let mut placed = 0;
    while !current.is_empty() {
        placed += current.len();
        let mut next = Vec::new();
        for &i in &current {
            for &j in &dependents[i] {
                remaining[j] -= 1;
                if remaining[j] == 0 {
                    next.push(j);
                }
            }
        }
        next.sort_unstable();
        out.push(core::mem::take(&mut current));
        current = next;
    }
    if placed == n {
        return Ok(out);
    }
    // Every unplaced node still has an unplaced dependency; walking those links must
    // revisit a node, which closes a cycle.
    let start = (0..n).find(|&i| remaining[i] > 0).unwrap_or(0);
    let mut seen = vec![usize::MAX; n];
    let mut path = Vec::new();
    let mut cur = start;
    loop {
        if seen[cur] != usize::MAX {
            let cycle = path[seen[cur]..].to_vec();
            return Err(cycle);
        }
        seen[cur] = path.len();
        path.push(cur);
        match deps[cur].iter().find(|&&d| remaining[d] > 0) {
            Some(&d) => cur = d,
            None => return Err(path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_independent_nodes_together() {
        let deps = vec![vec![], vec![0], vec![0], vec![1, 2], vec![]];
        assert_eq!(waves(&deps).unwrap(), vec![vec![0, 4], vec![1, 2], vec![3]]);
    }

    #[test]
    fn reports_a_cycle() {
        let deps = vec![vec![], vec![2], vec![3], vec![1]];
        let c = waves(&deps).unwrap_err();
        assert_eq!(c.len(), 3);
        assert!(c.contains(&1) && c.contains(&2) && c.contains(&3));
        assert_eq!(waves(&[vec![0]]).unwrap_err(), vec![0]);
    }
}
