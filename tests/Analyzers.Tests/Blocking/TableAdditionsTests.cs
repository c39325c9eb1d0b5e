using System.Threading.Tasks;
using Torsion.Analyzers.Blocking;

namespace Torsion.Analyzers.Tests.Blocking;

/// <summary>The members added to the blocking table: writers, XML files, blocking collections, parallel loops, Thread.Join, BlockingCallFromThread.</summary>
public class TableAdditionsTests
{
    private const string Usings = "using System; using System.Collections.Concurrent; using System.IO; using System.Threading; using System.Threading.Tasks; using System.Xml; using System.Xml.Linq; using Torsion;\n";

    [Fact]
    public Task StreamWriterWritesAndFlushesAreReportedButStringWritersAreNot() => Verify(@"
class C
{
    void M(Deferred<int> d, StreamWriter file, StringWriter text, TextWriter unknown)
    {
        d.AddCallback(x =>
        {
            [|file.Write(x)|];
            [|file.WriteLine(""line"")|];
            [|file.Flush()|];
            text.Write(x);
            text.Flush();
            return x;
        });
    }
}");

    [Fact]
    public Task XmlFilesAreReportedButXmlFromMemoryIsNot() => Verify(@"
class C
{
    void M(Deferred<int> d, Stream stream, XDocument doc)
    {
        d.AddCallback(x =>
        {
            [|XDocument.Load(""a.xml"")|];
            [|XElement.Load(""b.xml"")|];
            [|XmlReader.Create(""c.xml"")|];
            [|doc.Save(""d.xml"")|];
            XDocument.Parse(""<a/>"");
            XDocument.Load(new StringReader(""<a/>""));
            return x;
        });
    }
}");

    [Fact]
    public Task BlockingCollectionsParallelLoopsJoinAndBlockingCallFromThreadAreReported() => Verify(@"
class C
{
    void M(Deferred<int> d, BlockingCollection<int> queue, Thread worker, IReactor reactor)
    {
        d.AddCallback(x =>
        {
            int item = [|queue.Take()|];
            queue.TryTake(out int maybe);
            [|Parallel.For(0, 10, i => { })|];
            [|Parallel.Invoke(() => { })|];
            [|worker.Join()|];
            worker.Join(0);
            return item + maybe;
        });
    }
}");

    [Fact]
    public Task BlockingCallFromThreadOnTheReactorIsItsOwnRule() => AnalyzerHarness.VerifyAsync(new BlockingCallAnalyzer(), "TRS2007", Usings + @"
class C
{
    void M(Deferred<int> d, IReactor reactor)
    {
        d.AddCallback(x => [|reactor.BlockingCallFromThread(() => x)|]);
        reactor.CallInThread(() => reactor.BlockingCallFromThread(() => 1));
    }
}");

    private static Task Verify(string source) => AnalyzerHarness.VerifyAsync(new BlockingCallAnalyzer(), "TRS2001", Usings + source);
}
