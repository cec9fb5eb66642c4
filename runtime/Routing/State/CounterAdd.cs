namespace ModelRegistry;

/// <summary>What <see cref="IRoutingStateStore.AddCountersAsync"/> adds to one counter set: an integer increment per
/// counter, and how long the set is kept after this change.</summary>
/// <param name="Name">The set's name in the store.</param>
/// <param name="Increments">The counters and what to add to each.</param>
/// <param name="KeepFor">How long the set is kept after its last change.</param>
internal sealed record CounterAdd(string Name, IReadOnlyList<KeyValuePair<string, long>> Increments, TimeSpan KeepFor);
