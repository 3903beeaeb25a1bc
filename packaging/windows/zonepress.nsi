; 园区编务 ZonePress — the Windows 10/11 (x64) installer.
;
; Made on Linux with Debian's makensis by scripts/dist-windows.sh:
;   makensis -DVERSION=0.1.0 -DSTAGE=dist/.stage-windows/ZonePress \
;            -DICON=icons/icon.ico -DOUTFILE=dist/zonepress_0.1.0_windows_x64-setup.exe \
;            packaging/windows/zonepress.nsi
; STAGE holds everything it installs (the two programs, WebView2Loader.dll,
; the web UI, the fonts and their licences, the office-server scripts);
; nothing is downloaded, neither here nor on the PC.
;
; Per-user (只为我自己安装: %LOCALAPPDATA%\Programs\ZonePress, no administrator
; needed) or per-machine (为本机所有用户安装: C:\Program Files\ZonePress) —
; the page offers both to an administrator; silent installs take /S with
; /CurrentUser or /AllUsers (and /D=FOLDER last). Start-menu entry 园区编务,
; an uninstaller in Apps & features. Workspaces are never in the program's
; folder (%APPDATA%\cn.zonepress.desktop\workspace, or the office server's
; %ProgramData%\ZonePress\workspace) and the uninstaller never deletes them.

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
SetCompressorDictSize 64
ManifestDPIAware true

!ifndef VERSION | STAGE | OUTFILE | ICON
  !error "makensis -DVERSION=… -DSTAGE=… -DICON=… -DOUTFILE=… (see scripts/dist-windows.sh)"
!endif

!define APP_KEY "Software\ZonePress"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\ZonePress"
!define SHORTCUT "园区编务.lnk"
; The scheduled task of the office server (server\server-setup.cmd).
!define SERVER_TASK "ZonePress 园区编务服务器"
; Microsoft Edge WebView2 Runtime (Evergreen): its EdgeUpdate client key.
!define WEBVIEW2_KEY "Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "园区编务 ZonePress"
OutFile "${OUTFILE}"
BrandingText "园区编务 ZonePress ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "园区编务 ZonePress"
VIAddVersionKey /LANG=2052 "FileDescription" "园区编务 ZonePress 安装程序"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "CompanyName" "ZonePress"
VIAddVersionKey /LANG=2052 "LegalCopyright" "Apache-2.0；字体为 SIL Open Font License 1.1"

!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_INSTALLMODE_INSTDIR "ZonePress"
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${APP_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallDir"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${APP_KEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallMode"
!include MultiUser.nsh
!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\zonepress-desktop.exe"
!define MUI_FINISHPAGE_RUN_TEXT "启动园区编务"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "${STAGE}\NOTICE.txt"
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

Function .onInit
  !insertmacro MULTIUSER_INIT
FunctionEnd

Function un.onInit
  !insertmacro MULTIUSER_UNINIT
FunctionEnd

Section "园区编务（桌面程序、命令行与办公室服务器）" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An older version's files go first, so nothing it had and this one
  ; lacks is left behind (the workspaces are elsewhere).
  RMDir /r "$INSTDIR\ui"
  RMDir /r "$INSTDIR\fonts"
  File /r "${STAGE}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${SHORTCUT}" "$INSTDIR\zonepress-desktop.exe" "" "$INSTDIR\zonepress-desktop.exe" 0 \
    SW_SHOWNORMAL "" "园区编务 ZonePress：稿件、三审三校、版面与付印"

  WriteRegStr SHCTX "${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr SHCTX "${APP_KEY}" "InstallMode" "$MultiUser.InstallMode"
  WriteRegStr SHCTX "${APP_KEY}" "Version" "${VERSION}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayName" "园区编务 ZonePress"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINST_KEY}" "Publisher" "ZonePress"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\zonepress-desktop.exe"
  WriteRegStr SHCTX "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD SHCTX "${UNINST_KEY}" "EstimatedSize" $0

  Call CheckWebView2
SectionEnd

Section /o "桌面快捷方式" SecDesktop
  CreateShortcut "$DESKTOP\${SHORTCUT}" "$INSTDIR\zonepress-desktop.exe"
SectionEnd

LangString DESC_SecMain 2052 "园区编务桌面程序（zonepress-desktop.exe）、命令行与办公室服务器（zonepress.exe）、网页界面和排版所需的字体。"
LangString DESC_SecDesktop 2052 "在桌面上放一个园区编务的快捷方式。"
!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecMain} $(DESC_SecMain)
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} $(DESC_SecDesktop)
!insertmacro MUI_FUNCTION_DESCRIPTION_END

; The desktop window needs the WebView2 runtime, which Windows 11 and an
; updated Windows 10 include. Nothing can be downloaded (the office network
; may be cut off), so a PC without it is told what to get; the command line
; and the office server do not need it.
Function CheckWebView2
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\${WEBVIEW2_KEY}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\${WEBVIEW2_KEY}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    DetailPrint "未找到 Microsoft Edge WebView2 运行时"
    MessageBox MB_OK|MB_ICONEXCLAMATION "这台电脑上没有找到 Microsoft Edge WebView2 运行时。$\r$\n$\r$\n\
      Windows 11 和已更新的 Windows 10 都自带它；没有它，园区编务的桌面窗口打不开\
      （命令行和办公室服务器不受影响）。$\r$\n$\r$\n\
      请向单位信息化部门索取“WebView2 运行时离线安装包（Evergreen Standalone Installer，x64）”，\
      安装后再启动园区编务。" /SD IDOK
  ${EndIf}
FunctionEnd

Section "Uninstall"
  ; The office server's start-up task runs the program being removed.
  ${If} $MultiUser.InstallMode == "AllUsers"
    nsExec::Exec 'schtasks.exe /End /TN "${SERVER_TASK}"'
    Pop $0
    nsExec::Exec 'schtasks.exe /Delete /TN "${SERVER_TASK}" /F'
    Pop $0
  ${EndIf}

  Delete "$SMPROGRAMS\${SHORTCUT}"
  Delete "$DESKTOP\${SHORTCUT}"

  ; Only what the installer put there: never RMDir /r "$INSTDIR" (a folder
  ; chosen by hand may hold other files).
  RMDir /r "$INSTDIR\ui"
  RMDir /r "$INSTDIR\fonts"
  RMDir /r "$INSTDIR\server"
  RMDir /r "$INSTDIR\licenses"
  Delete "$INSTDIR\zonepress.exe"
  Delete "$INSTDIR\zonepress-desktop.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\README.txt"
  Delete "$INSTDIR\NOTICE.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  DeleteRegKey SHCTX "${UNINST_KEY}"
  DeleteRegKey SHCTX "${APP_KEY}"
SectionEnd
