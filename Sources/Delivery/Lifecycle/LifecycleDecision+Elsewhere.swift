import Analysis

extension LifecycleDecision {
    /// The decision for a channel that already heard of some episodes from its other reports (the
    /// daily alert and the weekly report keep their own state, one per report scope): those are
    /// told as ongoing, not new, so a channel hears of one incident once. A daily alert left with
    /// nothing new or resolved then posts nothing (unless the policy posts quiet days).
    /// - Parameter episodes: open episodes the channel was told of by its other reports.
    public func told(elsewhere episodes: Set<EpisodeKey>, policy: LifecyclePolicy) -> LifecycleDecision {
        guard !episodes.isEmpty else { return self }
        var decision = self
        let moved = new.filter { episodes.contains($0.episode) }
        guard !moved.isEmpty else { return self }
        decision.new = new.filter { !episodes.contains($0.episode) }
        decision.ongoing =
            ongoing
            + moved.map { item in
                var item = item
                item.isAnnounced = false
                return item
            }
        if kind == .daily {
            decision.shouldPost =
                !decision.new.isEmpty || !decision.resolved.isEmpty
                || decision.ongoing.contains(where: \.isAnnounced) || policy.postWhenNothingNew
        }
        return decision
    }
}
