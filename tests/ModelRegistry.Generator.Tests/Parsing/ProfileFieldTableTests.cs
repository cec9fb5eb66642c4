using System.Reflection;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Parsing;

/// <summary>The one table of profile fields (<see cref="ProfileSchema.ModelFields"/>) that the parser reads and the emitter
/// writes from: every property it names exists on <see cref="ModelProfile"/> with the type its value kind emits.</summary>
public sealed class ProfileFieldTableTests
{
    [Fact]
    public void Every_field_of_the_table_sets_a_profile_property_of_its_kind()
    {
        foreach ((string key, (string property, ProfileValueKind kind)) in ProfileSchema.ModelFields)
        {
            PropertyInfo? target = typeof(ModelProfile).GetProperty(property, BindingFlags.Public | BindingFlags.Instance);
            Assert.True(target is not null, $"{key} → {property}");
            Type expected = kind switch
            {
                ProfileValueKind.String => typeof(string),
                ProfileValueKind.Boolean => typeof(bool?),
                ProfileValueKind.ModelKind => typeof(ModelKind),
                _ => typeof(int?),
            };
            Assert.True(target!.PropertyType == expected || Nullable.GetUnderlyingType(expected) == target.PropertyType, $"{key} → {property}: {target.PropertyType}");
        }
    }

    [Fact]
    public void The_emitter_writes_exactly_the_properties_the_table_names()
    {
        Assert.Equal(
            ProfileSchema.ModelFields.Values.Select(f => f.Property).Distinct().OrderBy(p => p, StringComparer.Ordinal),
            ProfileSchema.ModelProperties.Keys.OrderBy(p => p, StringComparer.Ordinal));
    }
}
