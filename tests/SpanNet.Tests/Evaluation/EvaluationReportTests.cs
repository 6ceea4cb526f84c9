using SpanNet.Evaluation;

namespace SpanNet.Tests.Evaluation;

public class EvaluationReportTests
{
    [Fact]
    public void CountReadsTheConfusionMatrixAndRejectsClassesOutsideIt()
    {
        var report = new EvaluationReport(6, 0.5, 0.7, [1, 2, 0, 3], ClassCount: 2);
        Assert.Equal(1, report.Count(0, 0));
        Assert.Equal(2, report.Count(0, 1));
        Assert.Equal(0, report.Count(1, 0));
        Assert.Equal(3, report.Count(1, 1));

        // Count(0, 2) used to read Count(1, 0); Count(2, 0) threw IndexOutOfRangeException.
        Assert.Equal("predicted", Assert.Throws<ArgumentOutOfRangeException>(() => report.Count(0, 2)).ParamName);
        Assert.Equal("actual", Assert.Throws<ArgumentOutOfRangeException>(() => report.Count(2, 0)).ParamName);
        Assert.Equal("actual", Assert.Throws<ArgumentOutOfRangeException>(() => report.Count(-1, 0)).ParamName);
        Assert.Equal("predicted", Assert.Throws<ArgumentOutOfRangeException>(() => report.Count(0, -1)).ParamName);
    }
}
