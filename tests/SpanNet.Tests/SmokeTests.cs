using Xunit;
namespace SpanNet.Tests;
public class SmokeTests { [Fact] public void Works() => Assert.True(true); 
[FsCheck.Xunit.Property] public bool Prop(int x) => x + 0 == x; }
