using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using Torsion;

namespace Corpus.Polling
{
    public sealed class StatusPoller
    {
        private readonly IReactor _reactor;
        private readonly HttpClient _http = new();
        private readonly BlockingCollection<string> _inbox = new();
        private readonly SemaphoreSlim _gate = new(1);
        private LoopingCall? _loop;

        public StatusPoller(IReactor reactor) => _reactor = reactor;

        public void Start()
        {
            _loop = new LoopingCall(_reactor, Poll);
            _loop.Start(TimeSpan.FromSeconds(5));
            var counter = LoopingCall.WithCount(_reactor, n =>
            {
                if (n > 1) { Thread.Sleep(100 * n); } // BLOCKS
            });
            counter.Start(TimeSpan.FromSeconds(1));
            _reactor.AddSystemEventTrigger(SystemEventPhase.Before, "shutdown", () => _inbox.Take()); // BLOCKS
        }

        private void Poll()
        {
            var response = _http.Send(new HttpRequestMessage(HttpMethod.Get, "http://status.local/")); // BLOCKS
            if (_gate.Wait(0)) // SAFE
            {
                _gate.Release();
            }

            string config = Settings; // BLOCKS
            Console.WriteLine(response.StatusCode + config);
        }

        private string Settings => XDocument.Load("settings.xml").Root!.Value;

        public void Drain()
        {
            // Runs on a worker: fine.
            _reactor.DeferToThread(() => _inbox.Take()); // SAFE
            _reactor.CallInThread(() => Thread.Sleep(1000)); // SAFE
            Task.Run(() => File.ReadAllText("drain.txt")); // SAFE
        }

        public Deferred<int> CountLater()
        {
            return _reactor.DeferLater(TimeSpan.FromSeconds(1), () =>
            {
                Parallel.For(0, 4, i => { }); // BLOCKS
                return _inbox.Count;
            });
        }

        public Deferred<string> Cancellable()
        {
            var d = new Deferred<string>(canceller: self => _gate.Wait()); // BLOCKS
            d.AddTimeout(TimeSpan.FromSeconds(3), _reactor, (value, timeout) =>
            {
                Console.ReadLine(); // BLOCKS
                return value;
            });
            return d;
        }

        public void Work()
        {
            _reactor.Cooperate(Steps());
        }

        private IEnumerable<object?> Steps()
        {
            for (int i = 0; i < 10; i++)
            {
                File.Copy("a" + i, "b" + i); // BLOCKS
                yield return null;
            }
        }

        public void Peek()
        {
            bool got = _inbox.TryTake(out string? item); // SAFE
            Console.WriteLine(got + item);
        }
    }
}
