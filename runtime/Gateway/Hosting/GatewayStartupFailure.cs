namespace ModelRegistry.Gateway;

/// <summary>The one line a gateway host prints when it cannot start (a bad overlay, a missing key, a port in use).</summary>
public static class GatewayStartupFailure
{
    /// <summary>The message an operator reads: <c>ModelRegistry.Gateway cannot start: </c> and what to fix, on one line,
    /// without a stack trace.</summary>
    /// <param name="exception">What stopped the start.</param>
    /// <returns>The line to write to the standard error.</returns>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return "ModelRegistry.Gateway cannot start: " + ServerErrors.OneLine(exception);
    }
}
