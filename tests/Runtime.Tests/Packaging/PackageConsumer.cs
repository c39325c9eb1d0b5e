using System.Collections.Generic;
using System.IO;

namespace Torsion.Tests.Packaging;

/// <summary>
/// A fresh console project outside the repository that uses the packed Torsion package exactly as a
/// user does: a <c>PackageReference</c> restored from the local feed folder (its dependencies from the
/// NuGet cache this machine already has, so no network is needed), then built and run. It holds an
/// <c>[InlineCallbacks]</c> method (the generator must run) and a <c>Thread.Sleep</c> in a Deferred
/// callback (analyzer TRS2001 must warn).
/// </summary>
public sealed class PackageConsumer
{
    /// <summary>The program: sums two Deferred results in an [InlineCallbacks] method and prints the total.</summary>
    internal const string Program = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using Torsion;

        public static partial class App
        {
            public static int Main() => React.Run(reactor => Start(reactor));

            private static Deferred Start(IReactor reactor)
            {
                return SumAsync(reactor).AddCallback(total =>
                {
                    Thread.Sleep(1);
                    Console.WriteLine("total=" + total);
                });
            }

            [InlineCallbacks]
            private static IEnumerable<Deferred> Sum(IReactor reactor)
            {
                Deferred<int> first = reactor.DeferLater(TimeSpan.FromMilliseconds(20), () => 20);
                yield return first;
                Deferred<int> second = Deferred.Succeed(22);
                yield return second;
                yield return InlineCallbacks.Return(first.Result + second.Result);
            }
        }
        """;

    private readonly PackedPackage _package;
    private readonly Dictionary<string, string> _environment;

    /// <summary>Writes the project, restores it, builds it and runs it once.</summary>
    internal PackageConsumer(PackedPackage package)
    {
        _package = package;
        Directory = Path.Combine(package.Root, "consumer");

        // NUGET_PACKAGES would override the config's globalPackagesFolder: point it at the private folder too.
        _environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(package.Root, "packages") };
        System.IO.Directory.CreateDirectory(Directory);

        // Stop MSBuild's upward search for Directory.Build.* and Directory.Packages.props here.
        File.WriteAllText(Path.Combine(Directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Directory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(Directory, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="torsion-local-feed" value="{Xml(package.Feed)}" />
                <add key="nuget-cache" value="{Xml(PackedPackage.NuGetCache)}" />
              </packageSources>
              <config>
                <!-- A private global packages folder: the machine's cache never holds this build's Torsion. -->
                <add key="globalPackagesFolder" value="{Xml(Path.Combine(package.Root, "packages"))}" />
              </config>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(Directory, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Torsion" Version="{package.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(Directory, "Program.cs"), Program);

        Restore = DotNetCommand.Run(Directory, package.Scratch, _environment, "restore", "-nodeReuse:false");
        FirstBuild = Build();
        string program = Path.Combine(Directory, "bin", "Release", "net10.0", "App.dll");
        Run = FirstBuild.ExitCode == 0 && File.Exists(program)
            ? DotNetCommand.Run(Directory, package.Scratch, "exec", program)
            : null;
    }

    /// <summary>The project directory.</summary>
    public string Directory { get; }

    /// <summary>What <c>dotnet restore</c> returned.</summary>
    public CommandResult Restore { get; }

    /// <summary>What the first <c>dotnet build</c> (no switches) returned.</summary>
    public CommandResult FirstBuild { get; }

    /// <summary>What running the built program returned; null when the build failed.</summary>
    public CommandResult? Run { get; }

    /// <summary>
    /// Builds the restored project in Release with the given MSBuild properties
    /// (<c>Name=Value</c>); the compiler runs in the build process, so no compiler server outlives it.
    /// </summary>
    /// <param name="properties">Global properties, e.g. <c>TorsionDisableAnalyzers=true</c>.</param>
    /// <returns>The build's exit code and output.</returns>
    public CommandResult Build(params string[] properties)
    {
        var arguments = new List<string> { "build", "--no-restore", "-c", "Release", "-nodeReuse:false", "-p:UseSharedCompilation=false" };
        foreach (string property in properties)
        {
            arguments.Add("-p:" + property);
        }

        return DotNetCommand.Run(Directory, _package.Scratch, _environment, arguments.ToArray());
    }

    private static string Xml(string text) => System.Security.SecurityElement.Escape(text);
}
