using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Torsion;

namespace Corpus.Crawling
{
    public sealed class EventBus
    {
        public void Subscribe(string topic, [RunsOnReactor] Action<string> handler) { }
    }

    public sealed partial class Crawler
    {
        private readonly IReactor _reactor;
        private readonly DeferredLock _lock = new();
        private readonly Queue<string> _frontier = new();

        public Crawler(IReactor reactor, EventBus bus)
        {
            _reactor = reactor;
            bus.Subscribe("url", url =>
            {
                _frontier.Enqueue(url);
                Persist(); // BLOCKS
            });
        }

        public static int RunMain() => React.Run(reactor =>
        {
            var process = Process.Start("setup.sh");
            process.WaitForExit(); // BLOCKS
            return Deferred.Succeed((object?)null);
        });

        public Deferred Next()
        {
            return _lock.Run(() =>
            {
                string url = _frontier.Dequeue();
                return Visit(url); // BLOCKS
            });
        }

        private int Visit(string url) => Fetch(url).Length;

        private string Fetch(string url) => Resolve(url) + Download(url);

        private static string Resolve(string url) => url;

        private static string Download(string url)
        {
            using var client = new TcpClient();
            client.Connect(url, 80);
            return "";
        }

        private void Persist() => Flush(_frontier.Count);

        private void Flush(int n)
        {
            if (n > 100) { Compact(n); }
        }

        private void Compact(int n)
        {
            if (n % 2 == 0) { Flush(n / 2); return; }
            File.WriteAllText("frontier.txt", n.ToString());
        }

        public void Stream(Deferred<NetworkStream> connected)
        {
            connected.AddCallback(stream =>
            {
                var buffer = new byte[4096];
                int n = stream.Read(buffer, 0, buffer.Length); // BLOCKS
                return n;
            });
        }

        public void Raw(Deferred<Socket> accepted)
        {
            Action<Socket> onSocket = socket =>
            {
                socket.Receive(new byte[16]); // BLOCKS
            };
            accepted.AddCallback(onSocket);
        }

        public void Batch(Deferred<Task[]> tasks)
        {
            tasks.AddCallback(all =>
            {
                Task.WaitAll(all); // BLOCKS
                SpinWait.SpinUntil(() => all.Length > 0); // BLOCKS
                return all;
            });
        }

        public Deferred<int> Later()
        {
            Func<Deferred<int>> step = async () =>
            {
                await Deferred.Succeed(1);
                Thread.Sleep(20); // BLOCKS
                return 1;
            };
            return _reactor.DeferLater(TimeSpan.FromSeconds(1), step);
        }

        [InlineCallbacks]
        public IEnumerable<Deferred> Crawl(string seed)
        {
            yield return Next();
            var worker = _reactor.DeferToThread(() => Fetch(seed)); // SAFE
            yield return worker;
            Console.WriteLine(worker.Result.Length + Visit(seed)); // BLOCKS
        }

        public async Deferred Politeness(Task delay)
        {
            await delay;
            delay.Wait(); // SAFE
            await Task.Delay(100); // SAFE
            await _reactor.DeferLater(TimeSpan.FromSeconds(1)); // SAFE
        }
    }
}
