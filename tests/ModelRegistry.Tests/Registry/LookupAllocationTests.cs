namespace ModelRegistry.Tests.Registry;

/// <summary>The generated lookups allocate nothing (measured on the current thread after a warm-up, in the style of
/// martinothamar/Mediator's allocation tests).</summary>
[Collection(AllocationCollection.Name)]
public sealed class LookupAllocationTests
{
    [Fact]
    public void TryGetProvider_allocates_nothing()
    {
        ReadOnlySpan<char> name = "OpenRouter".AsSpan();
        Assert.True(TestModels.TryGetProvider(name, out _));
        Assert.False(TestModels.TryGetProvider("nowhere", out _));

        long before = GC.GetAllocatedBytesForCurrentThread();
        bool found = TestModels.TryGetProvider(name, out ProviderInfo? provider);
        bool missing = TestModels.TryGetProvider("nowhere", out _);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(found);
        Assert.False(missing);
        Assert.Equal("openrouter", provider?.Name);
    }

    [Fact]
    public void TryGetProfile_allocates_nothing()
    {
        ReadOnlySpan<char> provider = "vllm".AsSpan();
        ReadOnlySpan<char> alias = "QWEN3".AsSpan();
        Assert.True(TestModels.TryGetProfile(provider, alias, out _));
        Assert.False(TestModels.TryGetProfile(provider, "unknown", out _));

        long before = GC.GetAllocatedBytesForCurrentThread();
        bool found = TestModels.TryGetProfile(provider, alias, out ModelProfile? profile);
        bool missing = TestModels.TryGetProfile(provider, "unknown", out _);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(found);
        Assert.False(missing);
        Assert.Equal("qwen3-4b", profile?.Model);
    }
}

/// <summary>Allocation measurements run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCollection
{
    public const string Name = "Allocation measurements";
}
