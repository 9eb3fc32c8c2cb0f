#!/usr/bin/env pwsh
# Restore, build, test and pack OrleansScrape. Run with: dotnet tool restore; dotnet pwsh ./build.ps1
# The README's two commands do not need this script; it is the release path.
param(
    [string] $Configuration = "Release",
    [string] $Output = "artifacts"
)

$ErrorActionPreference = "Stop"
Set-Location $PSScriptRoot

function Invoke-Step([string] $Name, [scriptblock] $Command) {
    Write-Host "==> $Name"
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$Name failed with exit code $LASTEXITCODE" }
}

Invoke-Step "restore" { dotnet restore OrleansScrape.sln }
Invoke-Step "build" { dotnet build OrleansScrape.sln --no-restore --configuration $Configuration }
Invoke-Step "test" { dotnet test OrleansScrape.sln --no-build --configuration $Configuration }
Invoke-Step "pack" { dotnet pack OrleansScrape.sln --no-build --configuration $Configuration --output $Output }
Write-Host "Packages are in $Output"
