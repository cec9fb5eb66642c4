namespace ModelRegistry.Gateway;

/// <summary>
/// Finds who sends each request from <c>Authorization: Bearer &lt;key&gt;</c>. A <c>/v1</c> request needs one of the client keys
/// (unrestricted or named) when any is configured, else gets OpenAI's 401 body; the caller it found is kept for the
/// endpoints (<see cref="GatewayCaller"/>). An <c>/admin</c> request needs the admin key: 401 without a known key, 403 with a
/// client key. <c>/health</c> stays open so a load balancer can probe it without a key.
/// </summary>
internal sealed class ApiKeyCheck(GatewayKeys keys)
{
    private const string Scheme = "Bearer ";

    /// <summary>Runs the rest of the pipeline for an authorized request, else answers 401 or 403.</summary>
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        PathString path = context.Request.Path;
        if (path.StartsWithSegments("/v1"))
        {
            if (!keys.RequireClientKey)
            {
                return next(context);
            }

            if (Presented(context) is { } presented && keys.TryIdentify(presented, out GatewayKey? key))
            {
                GatewayCaller.Set(context, key);
                return next(context);
            }

            return new OpenAIError(401, "Incorrect API key provided. Send 'Authorization: Bearer <key>' with a key from the gateway's configuration.",
                "invalid_request_error", "invalid_api_key").WriteResponseAsync(context);
        }

        if (path.StartsWithSegments("/admin") && keys.HasAdminKey)
        {
            string? presented = Presented(context);
            if (presented is not null && keys.IsAdmin(presented))
            {
                return next(context);
            }

            return presented is not null && keys.TryIdentify(presented, out _)
                ? new OpenAIError(403, "This key may not read the admin endpoints; send 'Authorization: Bearer <Gateway:AdminKey>'.",
                    "invalid_request_error", "admin_key_required").WriteResponseAsync(context)
                : new OpenAIError(401, "Incorrect admin key provided. Send 'Authorization: Bearer <key>' with the gateway's Gateway:AdminKey.",
                    "invalid_request_error", "invalid_api_key").WriteResponseAsync(context);
        }

        return next(context);
    }

    private static string? Presented(HttpContext context)
    {
        string header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : null;
    }
}
