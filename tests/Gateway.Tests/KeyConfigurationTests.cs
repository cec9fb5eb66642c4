using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using ModelRegistry.GatewayHost;

namespace ModelRegistry.Gateway.Tests;

/// <summary><c>Gateway:Keys</c> and <c>Gateway:AdminKey</c> as read at start-up: aliases resolved to served ids, keys from
/// the environment, and every mistake an error that names its configuration path and never the key itself.</summary>
public sealed class KeyConfigurationTests : IDisposable
{
    private const string Secret = "sk-config-secret-7";

    private readonly ModelCatalog _catalog = new(GatewayModels.Registry, new GatewayOptions(), new ModelRegistryOptions(), NullLoggerFactory.Instance);

    [Fact]
    public void A_key_reads_its_models_limits_and_budget_with_aliases_resolved_to_served_ids()
    {
        GatewayKeys keys = Read(
            ("Gateway:Keys:team:Key", Secret), ("Gateway:Keys:team:Models:0", "default"), ("Gateway:Keys:team:Models:1", "echo"),
            ("Gateway:Keys:team:RequestsPerMinute", "60"), ("Gateway:Keys:team:TokensPerMinute", "10000"),
            ("Gateway:Keys:team:BudgetUsd", "12.5"), ("Gateway:Keys:team:BudgetPeriod", "Day"),
            ("Gateway:Keys:other:Key", "sk-other"));

        GatewayKey team = Assert.Single(keys.Named, k => k.Name == "team");
        Assert.Equal("team", team.Name);
        Assert.Equal(["local:assistant", "local:echo"], team.Models!.Order(StringComparer.Ordinal));
        Assert.Equal(60, team.RequestsPerMinute);
        Assert.Equal(10000, team.TokensPerMinute);
        Assert.Equal(12.5m, team.BudgetUsd);
        Assert.Equal(BudgetPeriod.Day, team.BudgetPeriod);
        GatewayKey other = Assert.Single(keys.Named, k => k.Name == "other");
        Assert.Null(other.Models);
        Assert.Null(other.BudgetUsd);
        Assert.True(keys.TryIdentify(Secret, out GatewayKey? found));
        Assert.Same(team, found);
        Assert.False(keys.TryIdentify(Secret + "x", out _));
        Assert.DoesNotContain(Secret, team.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_may_come_from_the_environment_variable_it_names()
    {
        const string Variable = "GATEWAY_TESTS_TEAM_KEY";
        Environment.SetEnvironmentVariable(Variable, Secret);
        try
        {
            GatewayKeys keys = Read(("Gateway:Keys:team:Key", "${" + Variable + "}"), ("Gateway:Keys:team:Models", "local:echo, local:assistant"));

            Assert.True(keys.TryIdentify(Secret, out GatewayKey? team));
            Assert.Equal(2, team!.Models!.Count);
            Assert.False(keys.TryIdentify("${" + Variable + "}", out _));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }

    [Theory]
    [InlineData("Gateway:Keys:team:Models", "local:nope", "Gateway:Keys:team:Models: 'local:nope' is not a served model")]
    [InlineData("Gateway:Keys:team:RequestsPerMinute", "fast", "Gateway:Keys:team:RequestsPerMinute must be a positive whole number")]
    [InlineData("Gateway:Keys:team:TokensPerMinute", "0", "Gateway:Keys:team:TokensPerMinute must be a positive whole number")]
    [InlineData("Gateway:Keys:team:BudgetUsd", "-3", "Gateway:Keys:team:BudgetUsd must be a positive number")]
    [InlineData("Gateway:Keys:team:BudgetPeriod", "week", "Gateway:Keys:team:BudgetPeriod must be one of day, month, total")]
    [InlineData("Gateway:Keys:team:RequestPerMinute", "5", "Gateway:Keys:team:RequestPerMinute is not a setting of a key")]
    [InlineData("Gateway:Keys:other:Key", Secret, "Gateway:Keys:team:Key is the same key as Gateway:Keys:other")]
    [InlineData("Gateway:ApiKeys", Secret, "Gateway:Keys:team:Key is the same key as Gateway:ApiKeys")]
    [InlineData("Gateway:AdminKey", Secret, "Gateway:AdminKey is the same key as Gateway:Keys:team")]
    [InlineData("Gateway:Keys:team:Key", "${GATEWAY_TESTS_UNSET_VARIABLE}", "Gateway:Keys:team:Key names the environment variable GATEWAY_TESTS_UNSET_VARIABLE, which is not set")]
    [InlineData("Gateway:Keys:team:Key", "", "Gateway:Keys:team:Key is missing")]
    [InlineData("Gateway:Keys:bad name!:Key", "sk-x", "Gateway:Keys:bad name!: a key's name may hold only")]
    public void A_bad_setting_is_an_error_naming_its_path_and_never_the_key(string path, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Gateway:Keys:team:Key"] = Secret, ["Gateway:Keys:team:BudgetUsd"] = "1", [path] = value };

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => Read([.. settings.Select(s => (s.Key, s.Value!))]));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_budget_period_without_a_budget_is_an_error()
    {
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() =>
            Read(("Gateway:Keys:team:Key", Secret), ("Gateway:Keys:team:BudgetPeriod", "day")));

        Assert.Contains("Gateway:Keys:team:BudgetPeriod is set without Gateway:Keys:team:BudgetUsd", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _catalog.Dispose();

    private GatewayKeys Read(params (string Key, string Value)[] settings)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        return GatewayKeysReader.Read(configuration, GatewayOptions.Read(configuration), _catalog);
    }
}
