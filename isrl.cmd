@echo off
rem IndustrialSafeRL entry point for Windows: forwards to isrl.ps1.
powershell -NoProfile -ExecutionPolicy Bypass -File "%~dp0isrl.ps1" %*
exit /b %ERRORLEVEL%
