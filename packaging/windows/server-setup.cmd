@echo off
rem ZonePress office server on Windows: registers, starts, stops or removes
rem its start-up task with PowerShell (server-setup.ps1), whatever the PC's
rem script policy. Run as administrator:
rem   server-setup.cmd install | start | stop | restart | status | uninstall
powershell.exe -NoProfile -ExecutionPolicy Bypass -File "%~dp0server-setup.ps1" %*
exit /b %ERRORLEVEL%
