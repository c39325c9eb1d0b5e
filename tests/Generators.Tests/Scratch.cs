using System.Linq;
using Torsion.Generators.Tests.Infrastructure;
namespace Torsion.Generators.Tests;
public class Scratch
{
    [Fact]
    public void Show()
    {
        var code = LoadedCode.Compile("""
            using System;
            using System.Collections.Generic;
            using Torsion;
            public static partial class Code
            {
                public static List<string> Log = new();
                [InlineCallbacks]
                public static IEnumerable<Deferred> Fetch(Deferred<string> page, List<int> items)
                {
                    Log.Add("start");
                    yield return page;
                    Log.Add("got " + page.Result);
                    int total = 0;
                    foreach (var item in items)
                    {
                        try
                        {
                            if (item == 3) continue;
                            yield return page;
                            total += item;
                        }
                        finally
                        {
                            Log.Add("finally " + item);
                        }
                    }
                    yield return InlineCallbacks.Return(page.Result.Length + total);
                }
            }
            """);
        var page = new Deferred<string>();
        var d = (Deferred<int>)code.CallDeferred("FetchAsync", page, new System.Collections.Generic.List<int> { 1, 2, 3, 4 });
        Assert.Equal(new[] { "start" }, code.Log);
        Assert.False(d.Called);
        page.Callback("abc");
        Assert.Equal(10, d.Result);
        Assert.Equal(new[] { "start", "got abc", "finally 1", "finally 2", "finally 3", "finally 4" }, code.Log);
    }
}
