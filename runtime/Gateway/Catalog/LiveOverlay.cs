namespace ModelRegistry.Gateway;

/// <summary>The overlay the served models were loaded with, as <c>/health</c> shows it.</summary>
/// <param name="Source">Its file (or <c>(inline)</c> for the <c>ModelRegistry:Routing</c> section); <see langword="null"/> when there is none.</param>
/// <param name="Sha256">The SHA-256 of the file's bytes (lower-case hex), when it came from a file.</param>
/// <param name="LoadedAt">When it went live.</param>
internal sealed record LiveOverlay(string? Source, string? Sha256, DateTimeOffset LoadedAt);

/// <summary>An edit of the overlay file that was not applied: the running overlay kept serving.</summary>
/// <param name="Sha256">The SHA-256 of the rejected bytes; <see langword="null"/> when the file could not be read.</param>
/// <param name="At">When it was rejected.</param>
/// <param name="Error">What is wrong, in the words a start-up with that file would have failed with.</param>
internal sealed record OverlayRejection(string? Sha256, DateTimeOffset At, string Error);
