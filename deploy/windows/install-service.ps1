<#
.SYNOPSIS
  Installs (or removes) the IndustrialSafeRL controller as a Windows service.
.DESCRIPTION
  Registers isrl-controller.exe with the service control manager under a dedicated virtual account
  (NT SERVICE\isrl-controller), automatic (delayed) start, restart on failure, and gives that account write access
  to the data directory only. The host calls UseWindowsService, so it reports its state to the SCM itself.
.EXAMPLE
  .\install-service.ps1 -InstallDir 'C:\Program Files\IndustrialSafeRL\controller' -DataDir 'C:\ProgramData\IndustrialSafeRL'
.EXAMPLE
  .\install-service.ps1 -Uninstall
#>
[CmdletBinding()]
param(
    [string] $InstallDir = 'C:\Program Files\IndustrialSafeRL\controller',
    [string] $DataDir = 'C:\ProgramData\IndustrialSafeRL',
    [string] $ServiceName = 'isrl-controller',
    [switch] $Uninstall
)

$ErrorActionPreference = 'Stop'

if (-not ([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole(
        [Security.Principal.WindowsBuiltInRole]::Administrator)) {
    throw 'Run this script from an elevated PowerShell.'
}

if ($Uninstall) {
    if (Get-Service -Name $ServiceName -ErrorAction SilentlyContinue) {
        Stop-Service -Name $ServiceName -ErrorAction SilentlyContinue
        sc.exe delete $ServiceName | Out-Null
        Write-Host "Removed service $ServiceName (data in $DataDir kept)."
    }
    return
}

$exe = Join-Path $InstallDir 'isrl-controller.exe'
if (-not (Test-Path $exe)) {
    throw "isrl-controller.exe not found in $InstallDir (publish it with: dotnet publish src/Controller.Host -c Release -r win-x64 -o `"$InstallDir`")"
}

$config = Join-Path $InstallDir 'appsettings.Production.json'
if (-not (Test-Path $config)) {
    throw "Missing $config: copy deploy/config/appsettings.Production.example.json there and fill it in (docs/operations.md)."
}

New-Item -ItemType Directory -Force -Path $DataDir | Out-Null

if (-not (Get-Service -Name $ServiceName -ErrorAction SilentlyContinue)) {
    New-Service -Name $ServiceName `
        -BinaryPathName "`"$exe`" --contentRoot `"$InstallDir`"" `
        -DisplayName 'IndustrialSafeRL controller' `
        -Description 'Runs the deployed policy behind the safety shield beside the PLC (OPC UA).' `
        -StartupType Automatic | Out-Null
}

# Virtual service account, delayed automatic start, environment, restart on failure (5 s, 5 s, 30 s; reset after a day).
sc.exe config $ServiceName obj= "NT SERVICE\$ServiceName" start= delayed-auto | Out-Null
sc.exe failure $ServiceName reset= 86400 actions= restart/5000/restart/5000/restart/30000 | Out-Null
sc.exe failureflag $ServiceName 1 | Out-Null
$envKey = "HKLM:\SYSTEM\CurrentControlSet\Services\$ServiceName"
New-ItemProperty -Path $envKey -Name Environment -PropertyType MultiString -Force `
    -Value @('DOTNET_ENVIRONMENT=Production') | Out-Null

# The service account may write its data directory and nothing else.
$acl = Get-Acl $DataDir
$rule = New-Object Security.AccessControl.FileSystemAccessRule(
    "NT SERVICE\$ServiceName", 'Modify', 'ContainerInherit,ObjectInherit', 'None', 'Allow')
$acl.AddAccessRule($rule)
Set-Acl -Path $DataDir -AclObject $acl

Write-Host "Installed $ServiceName. Start it with: Start-Service $ServiceName"
Write-Host "Status: Invoke-RestMethod http://127.0.0.1:8087/status"
