using SpanNet.Cli;

return SpanNetCli.Run(args, Console.Out, Console.Error);
