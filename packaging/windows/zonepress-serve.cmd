@echo off
rem ZonePress office server on Windows: what the start-up task
rem "ZonePress ZonePress-server" runs (server-setup.cmd registers it), the
rem counterpart of /usr/lib/zonepress/zonepress-serve on Linux.
rem
rem Reads the settings file (default %ProgramData%\ZonePress\zonepress.conf:
rem NAME=value lines, # comments), turns it into the flags of
rem `zonepress serve` and runs zonepress.exe from the folder above this one,
rem appending what it prints (the addresses, the certificate's fingerprint)
rem to zonepress-server.log beside the settings file. Unknown names and
rem contradictory TLS settings are refused with exit code 2, so that a typo
rem never starts a server with other settings than the ones written down.
setlocal EnableExtensions DisableDelayedExpansion
chcp 65001 >nul

set "CONF=%~1"
if not defined CONF set "CONF=%ProgramData%\ZonePress\zonepress.conf"
set "ZONEPRESS_WORKSPACE=%ProgramData%\ZonePress\workspace"
set "ZONEPRESS_BIND=127.0.0.1:8470"
set "ZONEPRESS_TLS=no"
set "ZONEPRESS_TLS_CERT="
set "ZONEPRESS_TLS_KEY="
set "ZONEPRESS_PUBLIC_NAMES="
set "BAD="
set "N=0"

for %%F in ("%CONF%") do set "LOG=%%~dpFzonepress-server.log"
if not exist "%CONF%" call :fail "无法读取设置文件 %CONF%" & exit /b 2

rem Every line, empty ones and comments included, to count line numbers.
for /f "usebackq delims=" %%L in (`findstr /n "^" "%CONF%"`) do call :line "%%L"
if defined BAD call :fail "%BAD%" & exit /b 2

if not defined ZONEPRESS_WORKSPACE call :fail "%CONF% 没有设置工作区（ZONEPRESS_WORKSPACE）" & exit /b 2
if not defined ZONEPRESS_BIND call :fail "%CONF% 没有设置监听地址（ZONEPRESS_BIND）" & exit /b 2
set ARGS=--workspace "%ZONEPRESS_WORKSPACE%" serve --bind "%ZONEPRESS_BIND%"

set "TLS="
for %%V in (yes true on 1) do if /i "%ZONEPRESS_TLS%"=="%%V" set "TLS=yes"
for %%V in (no false off 0) do if /i "%ZONEPRESS_TLS%"=="%%V" set "TLS=no"
if not defined ZONEPRESS_TLS set "TLS=no"
if not defined TLS call :fail "ZONEPRESS_TLS 只能是 yes 或 no（现为“%ZONEPRESS_TLS%”）" & exit /b 2
if "%TLS%"=="no" (
  if defined ZONEPRESS_TLS_CERT goto :cert_without_tls
  if defined ZONEPRESS_TLS_KEY goto :cert_without_tls
)
if "%TLS%"=="yes" (
  set ARGS=%ARGS% --tls
  if defined ZONEPRESS_TLS_CERT if not defined ZONEPRESS_TLS_KEY goto :cert_and_key
  if defined ZONEPRESS_TLS_KEY if not defined ZONEPRESS_TLS_CERT goto :cert_and_key
)
if "%TLS%"=="yes" if defined ZONEPRESS_TLS_CERT set ARGS=%ARGS% --cert "%ZONEPRESS_TLS_CERT%" --key "%ZONEPRESS_TLS_KEY%"
for %%H in (%ZONEPRESS_PUBLIC_NAMES%) do call :public_name %%H

if not exist "%ZONEPRESS_WORKSPACE%\workspace.db" call :fail "工作区 %ZONEPRESS_WORKSPACE% 尚未创建，请以管理员身份先运行 zonepress.exe --workspace %ZONEPRESS_WORKSPACE% init --admin 用户名 --name 姓名 --password-stdin" & exit /b 2

echo [%DATE% %TIME%] zonepress %ARGS%>>"%LOG%"
"%~dp0..\zonepress.exe" %ARGS% >>"%LOG%" 2>&1
exit /b %ERRORLEVEL%

:cert_without_tls
call :fail "设置了证书但 ZONEPRESS_TLS=no；要启用 HTTPS 请改为 ZONEPRESS_TLS=yes"
exit /b 2

:cert_and_key
call :fail "ZONEPRESS_TLS_CERT 与 ZONEPRESS_TLS_KEY 须同时设置"
exit /b 2

rem A refusal, on the console and in the log (a start-up task has no console).
:fail
echo zonepress-serve：%~1 1>&2
echo [%DATE% %TIME%] zonepress-serve：%~1>>"%LOG%" 2>nul
goto :eof

rem One "N:text" line of findstr /n.
:line
if defined BAD goto :eof
set "RAW=%~1"
for /f "delims=:" %%N in ("%RAW%") do set "N=%%N"
set "TEXT=%RAW:*:=%"
rem A byte-order mark (Notepad may write one) and surrounding blanks.
if defined TEXT set "TEXT=%TEXT:﻿=%"
for /f "tokens=* delims= 	" %%T in ("%TEXT%.") do set "TEXT=%%T"
set "TEXT=%TEXT:~0,-1%"
if not defined TEXT goto :eof
if "%TEXT:~0,1%"=="#" goto :eof
set "KEY="
set "VALUE="
for /f "tokens=1,* delims==" %%A in ("%TEXT%") do (
  set "KEY=%%A"
  set "VALUE=%%B"
)
if "%TEXT%"=="%KEY%" (
  set "BAD=%CONF% 第 %N% 行不是“名称=值”：%TEXT%"
  goto :eof
)
rem Blanks around the name and the value, then quotes around the value.
for /f "tokens=* delims= 	" %%K in ("%KEY%") do set "KEY=%%K"
for /f "tokens=1 delims= 	" %%K in ("%KEY%") do set "KEY=%%K"
if defined VALUE for /f "tokens=* delims= 	" %%V in ("%VALUE%") do set "VALUE=%%V"
if defined VALUE set "VALUE=%VALUE:"=%"
call :rtrim
for %%K in (ZONEPRESS_WORKSPACE ZONEPRESS_BIND ZONEPRESS_TLS ZONEPRESS_TLS_CERT ZONEPRESS_TLS_KEY ZONEPRESS_PUBLIC_NAMES ZONEPRESS_LOG) do (
  if /i "%KEY%"=="%%K" (
    set "%%K=%VALUE%"
    goto :eof
  )
)
set "BAD=%CONF% 第 %N% 行：未知的设置 %KEY%"
goto :eof

:public_name
set ARGS=%ARGS% --public-name "%~1"
goto :eof

rem Blanks at the end of VALUE.
:rtrim
if not defined VALUE goto :eof
if "%VALUE:~-1%"==" " (set "VALUE=%VALUE:~0,-1%" & goto :rtrim)
if "%VALUE:~-1%"=="	" (set "VALUE=%VALUE:~0,-1%" & goto :rtrim)
goto :eof
