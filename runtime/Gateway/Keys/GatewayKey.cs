namespace ModelRegistry.Gateway;

/// <summary>
/// One named key (<c>Gateway:Keys:{name}</c>): the models it may call, its rate limits and its budget. A class rather than
/// a record so that no generated <c>ToString</c> or equality ever touches the secret, which stays in
/// <see cref="GatewayKeys"/> alone.
/// </summary>
internal sealed class GatewayKey
{
    public GatewayKey(string name, IReadOnlySet<string>? models, int? requestsPerMinute, int? tokensPerMinute, decimal? budgetUsd, BudgetPeriod budgetPeriod)
    {
        Name = name;
        Models = models;
        RequestsPerMinute = requestsPerMinute;
        TokensPerMinute = tokensPerMinute;
        BudgetUsd = budgetUsd;
        BudgetPeriod = budgetPeriod;
    }

    /// <summary>The configuration name (<c>{name}</c>): what logs, errors and the admin read-out show instead of the key.</summary>
    public string Name { get; }

    /// <summary>The ids (<c>provider:model</c>) of the served models it may call; <see langword="null"/> for all.</summary>
    public IReadOnlySet<string>? Models { get; }

    public int? RequestsPerMinute { get; }

    public int? TokensPerMinute { get; }

    public decimal? BudgetUsd { get; }

    public BudgetPeriod BudgetPeriod { get; }

    /// <summary>Whether the key may call <paramref name="model"/>.</summary>
    public bool Allows(ServedModel model) => Models is null || Models.Contains(model.Id);

    public override string ToString() => Name;
}
