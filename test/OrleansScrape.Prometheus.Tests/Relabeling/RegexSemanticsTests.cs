using OrleansScrape.Prometheus.Relabeling;
using static OrleansScrape.Prometheus.Tests.Relabeling.RelabelRun;

namespace OrleansScrape.Prometheus.Tests.Relabeling;

public sealed class RegexSemanticsTests
{
    private static bool Matches(string pattern, string value) => RelabelRegex.Parse(pattern).IsMatch(value);

    // The value the first group captures when the pattern matches, as a replace rule sees it.
    private static string? Capture(string pattern, string value, string replacement = "$1")
    {
        var rule = new RelabelConfig { SourceLabels = ["a"], Regex = RelabelRegex.Parse(pattern), TargetLabel = "out", Replacement = replacement };
        return new Relabeler([rule]).Apply([new Label("a", value)])!.Where(l => l.Name == "out").Select(l => l.Value).SingleOrDefault();
    }

    private static string Refusal(string pattern)
    {
        Assert.False(RelabelRegex.TryParse(pattern, out _, out var error));
        return error;
    }

    [Theory]
    [InlineData("foo", true)]
    [InlineData("foobar", false)]
    [InlineData("xfoo", false)]
    [InlineData("", false)]
    public void Anchoring_RegexFooMatchesOnlyTheWholeValueFoo(string value, bool expected) =>
        Assert.Equal(expected, Matches("foo", value));

    [Fact]
    public void Anchoring_KeepWithFoo_DropsFoobar()
    {
        const string Yaml = """
            relabel_configs:
              - source_labels: [a]
                regex: foo
                action: keep
            """;

        Assert.Equal("dropped", Apply(Yaml, "a=foobar"));
        Assert.Equal("a=foo", Apply(Yaml, "a=foo"));
    }

    [Fact]
    public void EmptyRegex_MatchesOnlyTheEmptyValue()
    {
        Assert.True(Matches("", ""));
        Assert.False(Matches("", "x"));
    }

    [Fact]
    public void Re2NamedGroupSyntax_IsAccepted()
    {
        Assert.Equal("abc", Capture("(?P<word>[a-z]+)-[0-9]+", "abc-123", "${word}"));
        Assert.Equal("123", Capture("[a-z]+-(?<num>[0-9]+)", "abc-123", "$num"));
    }

    [Fact]
    public void GroupNumbers_CountNamedAndUnnamedGroupsLeftToRight()
    {
        // .NET would number the named group after the unnamed one; RE2 does not.
        Assert.Equal("a|b", Capture("(?P<x>a)(b)", "ab", "$1|$2"));
    }

    [Fact]
    public void Dot_MatchesNewline_BecausePrometheusWrapsPatternsInDotAll()
    {
        Assert.True(Matches("foo.bar", "foo\nbar"));
        Assert.False(Matches("(?-s:foo.bar)", "foo\nbar"));
    }

    [Fact]
    public void Dollar_IsEndOfText_NotBeforeAFinalNewline()
    {
        Assert.False(Matches("foo$\n", "foo\n"));
        Assert.True(Matches("(?m:foo$)\n", "foo\n"));
    }

    [Fact]
    public void PerlClasses_AreAscii()
    {
        Assert.True(Matches(@"\d+", "123"));
        Assert.False(Matches(@"\d+", "١٢٣"));
        Assert.False(Matches(@"\w+", "é"));
        Assert.False(Matches(@"\s", "\u00A0"));
        Assert.False(Matches(@"\s", "\v"));
        Assert.True(Matches(@"\pN+", "١٢٣"));
    }

    [Fact]
    public void PosixClasses_AreSupported()
    {
        Assert.True(Matches("[[:alpha:]]+", "abcXYZ"));
        Assert.False(Matches("[[:alpha:]]+", "ab1"));
        Assert.True(Matches("[[:^digit:]]+", "ab"));
    }

    [Fact]
    public void CaseInsensitiveFlag_FoldsLikeRe2()
    {
        Assert.True(Matches("(?i)foo", "FoO"));
        Assert.True(Matches("(?i)k", "\u212A")); // Kelvin sign folds to k
        Assert.False(Matches("(?i)[^k]", "K")); // folded before negating
        Assert.True(Matches("(?i:a)b", "Ab"));
        Assert.False(Matches("(?i:a)b", "AB"));
    }

    [Fact]
    public void UngreedyFlag_SwapsGreediness()
    {
        Assert.Equal("a", Capture("(?U)(a+)(a*)", "aaa"));
        Assert.Equal("aaa", Capture("(?U)(a+?)(a*)", "aaa"));
    }

    [Fact]
    public void Dot_ConsumesAWholeSupplementaryCharacter()
    {
        Assert.True(Matches(".", "😀"));
        Assert.False(Matches("..", "😀"));
        Assert.True(Matches("[^a]", "😀"));
        Assert.True(Matches(@"\x{1F600}", "😀"));
        Assert.True(Matches("😀+", "😀😀"));
    }

    [Fact]
    public void QuotedLiteral_MatchesItsTextExactly()
    {
        Assert.True(Matches(@"\Q.*\E", ".*"));
        Assert.False(Matches(@"\Q.*\E", "xy"));
    }

    [Fact]
    public void BraceThatIsNotARepetition_IsALiteral()
    {
        Assert.True(Matches("a{,2}", "a{,2}"));
        Assert.True(Matches("a{01}", "a{01}"));
        Assert.True(Matches("a{2}", "aa"));
    }

    [Fact]
    public void ClassSyntax_FollowsRe2NotDotNet()
    {
        // RE2 has no class subtraction: [a-z-[aeiou]] is a-z, '-' or '[', followed by ']'.
        Assert.True(Matches("[a-z-[aeiou]]", "e]"));
        Assert.True(Matches("[a-z-[aeiou]]", "[]"));
        Assert.True(Matches("[]a]", "]"));
    }

    [Fact]
    public void PathologicalPattern_CompletesInLinearTime()
    {
        var input = new string('a', 100_000) + "b";

        Assert.False(Matches("(a+)+$", input));
        Assert.Null(Capture("(a+)+$", input));
        Assert.Equal("dropped", Apply("""
            relabel_configs:
              - source_labels: [a]
                regex: (a|aa)+c
                action: keep
            """, "a=" + input));
    }

    [Fact]
    public void LoneSurrogate_IsReadAsReplacementCharacter()
    {
        Assert.True(Matches("a.b", "a\uD800b"));
        Assert.True(Matches("a\uFFFDb", "a\uDC00b"));
    }

    [Theory]
    [InlineData(@"(a)\1", "invalid escape sequence: `\\1` (backreferences are not supported by RE2)")]
    [InlineData("(?=a)", "invalid or unsupported Perl syntax: `(?=` (lookahead assertions are not supported by RE2)")]
    [InlineData("(?!a)", "invalid or unsupported Perl syntax: `(?!` (lookahead assertions are not supported by RE2)")]
    [InlineData("(?<=a)b", "invalid named capture: `(?<=a)b)$` (lookbehind assertions are not supported by RE2)")]
    [InlineData("(?>a)", "invalid or unsupported Perl syntax: `(?>`")]
    [InlineData("a++", "invalid nested repetition operator: `++`")]
    [InlineData("a**", "invalid nested repetition operator: `**`")]
    [InlineData("*a", "missing argument to repetition operator: `*`")]
    [InlineData(@"a\Z", "invalid escape sequence: `\\Z`")]
    [InlineData("a{1001}", "invalid repeat count: `{1001}`")]
    [InlineData("a{3,2}", "invalid repeat count: `{3,2}`")]
    [InlineData("(a{100}){100}", "invalid repeat count: `{100}`")]
    [InlineData("(foo", "missing closing ): `^(?s:(foo)$`")]
    [InlineData("[a", "missing closing ]: `[a)$`")]
    [InlineData("[z-a]", "invalid character class range: `z-a`")]
    [InlineData("[[:foo:]]", "invalid character class range: `[:foo:]`")]
    [InlineData(@"\p{Greek}", "invalid character class range: `\\p{Greek}`")]
    [InlineData("(?P<>a)", "invalid named capture: `(?P<>`")]
    [InlineData("(?P<a-b>x)", "invalid named capture: `(?P<a-b>`")]
    [InlineData("(?i-)a", "invalid or unsupported Perl syntax: `(?i-)`")]
    [InlineData(@"\C", "invalid escape sequence: `\\C`")]
    [InlineData(@"[\b]", "invalid escape sequence: `\\b`")]
    public void UnsupportedOrInvalidSyntax_IsRefusedWithRe2Message(string pattern, string message) =>
        Assert.Equal("error parsing regexp: " + message, Refusal(pattern).Split(" (Unicode general")[0]);

    [Fact]
    public void DeepNesting_IsRefusedLikeRe2()
    {
        var pattern = new string('(', 2000) + new string(')', 2000);

        Assert.StartsWith("error parsing regexp: expression nests too deeply", Refusal(pattern));
    }

    [Theory]
    [InlineData(@"\101\x42\x{43}", "ABC", true)] // octal and hex escapes
    [InlineData(@"a\.b", "a.b", true)]
    [InlineData(@"a\.b", "axb", false)]
    [InlineData(@"[\d\s]+", "1 2\t3", true)]
    [InlineData(@"[[:word:]]+", "a_1", true)]
    [InlineData(@"[-a]+[a-]+", "-aa-", true)]
    [InlineData(@"[\]]", "]", true)]
    [InlineData("}", "}", true)]
    [InlineData(@"\Qa\E*", "aaa", true)]
    [InlineData("a{2,}", "aaaa", true)]
    [InlineData("a{2,}", "a", false)]
    [InlineData("x*", "", true)]
    [InlineData("()", "", true)]
    [InlineData("(|a)+", "aa", true)]
    [InlineData(@"(?m)^b$", "b", true)]
    [InlineData(@"\Aabc\z", "abc", true)]
    [InlineData(@"\babc\b", "abc", true)]
    [InlineData(@"\pL+", "a𝐀ß", true)]
    [InlineData(@"\pL+", "a1", false)]
    [InlineData(@"\p{Letter}+", "abc", true)]
    [InlineData(@"\p{^Lu}", "a", true)]
    [InlineData(@"\P{^Lu}", "a", false)]
    [InlineData(@"\p{Any}", "😀", true)]
    [InlineData(@"(?i)[^\PL]", "É", true)]
    [InlineData(@"(?i)straße", "STRAẞE", true)]
    public void Re2Syntax_MatchesAsInRe2(string pattern, string value, bool expected) =>
        Assert.Equal(expected, Matches(pattern, value));

    [Fact]
    public void UnbalancedParenthesis_ClosingTheAnchorGroup_IsAcceptedLikePrometheus()
    {
        // Prometheus concatenates ^(?s: + pattern + )$, so "a)|(b" is ^(?s:a)|(b)$.
        Assert.True(Matches("a)|(b", "ax"));
        Assert.True(Matches("a)|(b", "xb"));
        Assert.False(Matches("a)|(b", "x"));
    }

    [Fact]
    public void RepetitionAfterEmptyFlagGroup_RepeatsThePreviousRepetition()
    {
        Assert.True(Matches("a*(?i)*", "aaa"));
        Assert.True(Matches("(?:a{2}){3}", "aaaaaa"));
        Assert.True(Matches("((a{500}){0}){3}b", "b"));
    }
}
