using System;
using System.Collections.Generic;
using System.Linq;
using Torsion.Samples.Tour;
using Torsion.Samples.Tour.Deferreds;

// The Tour: every example of the seed tutorial, in order, printing the lines the Python prints.
//   dotnet run --project samples/Tour                  all sections, real delays
//   dotnet run --project samples/Tour -- --fast        delays divided by 100
//   dotnet run --project samples/Tour -- --list        the section names
//   dotnet run --project samples/Tour -- --section defer-chain [--fast]
// Section headings go to standard error, so standard output holds exactly the tutorial's lines.

var sections = new List<TourSection>();
sections.AddRange(Torsion.Samples.Tour.Reactors.ReactorSections.PartTwo);
sections.AddRange(new List<TourSection>
{
    new("defer-quick", "三.1 快速使用", QuickUse.Run),
    new("defer-both", "三.4 回调链 (addBoth)", CallbackChain.Run),
    new("defer-chain", "三.4 回调链 (callback1 101 ...)", ChainedCallbacks.Run),
    new("inline-callbacks", "三.5 内联回调 (inlineCallbacks)", Torsion.Samples.Tour.InlineCallbacks.ThreeDelayedFunctions.Run),
});
sections.InsertRange(sections.FindIndex(s => s.Id == "defer-quick") + 1, Torsion.Samples.Tour.Reactors.ReactorSections.DeferredsWithReactor);

bool fast = args.Contains("--fast");
var options = new TourOptions { Fast = fast };

if (args.Contains("--list"))
{
    foreach (TourSection section in sections)
    {
        Console.WriteLine($"{section.Id}\t{section.Title}");
    }

    return 0;
}

int sectionFlag = Array.IndexOf(args, "--section");
if (sectionFlag >= 0)
{
    string? wanted = sectionFlag + 1 < args.Length ? args[sectionFlag + 1] : null;
    TourSection? chosen = sections.FirstOrDefault(s => s.Id == wanted);
    if (chosen is null)
    {
        Console.Error.WriteLine($"Unknown section '{wanted}'. Known sections: {string.Join(", ", sections.Select(s => s.Id))}.");
        return 2;
    }

    return chosen.Run(options);
}

foreach (string unknown in args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a is not "--fast"))
{
    Console.Error.WriteLine($"Unknown option '{unknown}'. Options: --fast, --list, --section NAME.");
    return 2;
}

foreach (TourSection section in sections)
{
    Console.Error.WriteLine($"== {section.Title} ==");
    int code = section.Run(options);
    if (code != 0)
    {
        return code;
    }
}

return 0;
