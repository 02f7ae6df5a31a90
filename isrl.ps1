# IndustrialSafeRL entry point for Windows. Windows needs no private runtime for TorchSharp.
#   .\isrl.ps1 --help | demo | test
$ErrorActionPreference = 'Stop'
$repo = $PSScriptRoot
if ($args.Count -gt 0 -and $args[0] -eq 'test') {
    $rest = @($args | Select-Object -Skip 1)
    $results = Join-Path $repo ("TestResults\" + (Get-Date -Format 'yyyyMMdd-HHmmss'))
    $interop = Join-Path $repo '..\shared\interop\opcua'
    if ((Test-Path (Join-Path $interop 'package.json')) -and -not (Test-Path (Join-Path $interop 'node_modules'))) {
        Push-Location $interop; npm ci --no-audit --no-fund --loglevel=error; Pop-Location
    }
    dotnet build (Join-Path $repo 'IndustrialSafeRL.sln') -c Release -nologo -v quiet
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    dotnet test (Join-Path $repo 'IndustrialSafeRL.sln') -c Release --no-build --logger trx --results-directory $results --blame-hang-timeout 10m @rest
    $testExit = $LASTEXITCODE
    $passed = 0; $failed = 0
    foreach ($trx in Get-ChildItem $results -Filter *.trx) {
        $c = ([xml](Get-Content $trx.FullName)).TestRun.ResultSummary.Counters
        $passed += [int]$c.passed; $failed += [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted
    }
    Write-Output "$passed passed, $failed failed"
    if ($failed -gt 0 -or $testExit -ne 0 -or $passed -eq 0) { exit 1 }
    exit 0
}
$cli = Join-Path $repo 'src\Cli\bin\Release\net10.0\isrl.dll'
if (-not (Test-Path $cli)) {
    dotnet build (Join-Path $repo 'src\Cli\Cli.csproj') -c Release -nologo -v quiet
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}
$env:ISRL_REPO_ROOT = $repo
dotnet $cli @args
exit $LASTEXITCODE
