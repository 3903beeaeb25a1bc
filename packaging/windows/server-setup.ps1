# 园区编务 ZonePress：Windows 上的办公室服务器（开机即运行，不必有人登录）。
#
# The Windows counterpart of zonepress.service: a Task Scheduler task run
# at start-up as NT AUTHORITY\LOCAL SERVICE (no password, few rights),
# without the 72-hour limit Task Scheduler otherwise puts on a task,
# restarted when it fails. It runs
#   zonepress.exe serve --settings %ProgramData%\ZonePress\zonepress.conf
# (the same NAME=value file as Linux's /etc/zonepress/zonepress.conf, read
# and checked by zonepress.exe itself) with what it prints appended to
# zonepress-server.log beside the settings. `install` also creates that folder
# readable only by SYSTEM, Administrators and LOCAL SERVICE (the Windows way
# of the Linux service's 0750 folder and 0600 files: every file made in it
# inherits that access list) and a firewall rule for zonepress.exe on
# domain and private networks.
#
# Run through server-setup.cmd, as administrator:
#   server-setup.cmd install | start | stop | restart | status | uninstall
#
# Saved as UTF-8 with a byte-order mark, which Windows PowerShell 5.1 needs
# to read the Chinese text.

param(
    [ValidateSet('install', 'uninstall', 'start', 'stop', 'restart', 'status')]
    [string]$Command = 'status'
)
$ErrorActionPreference = 'Stop'
[Console]::OutputEncoding = [Text.Encoding]::UTF8

$TaskName = 'ZonePress 园区编务服务器'
$Here = Split-Path -Parent $MyInvocation.MyCommand.Path
$Exe = Join-Path (Split-Path -Parent $Here) 'zonepress.exe'
$Data = Join-Path $env:ProgramData 'ZonePress'
$Conf = Join-Path $Data 'zonepress.conf'
$Log = Join-Path $Data 'zonepress-server.log'

function Assert-Admin {
    $me = [Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()
    if (-not $me.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
        Write-Error '请在“以管理员身份运行”的命令提示符中运行 server-setup.cmd'
    }
}

function Get-Task {
    Get-ScheduledTask -TaskName $TaskName -ErrorAction SilentlyContinue
}

function Assert-Task {
    if (-not (Get-Task)) {
        Write-Error "尚未安装服务器任务，请先运行 server-setup.cmd install"
    }
}

switch ($Command) {
    'install' {
        Assert-Admin
        if (-not (Test-Path $Exe)) { Write-Error "找不到 $Exe" }
        if ($Here.StartsWith($env:LOCALAPPDATA, [StringComparison]::OrdinalIgnoreCase)) {
            Write-Error '园区编务是“只为我自己安装”的，服务器账号读不到它。请重新安装并选择“为本机所有用户安装”'
        }
        New-Item -ItemType Directory -Force -Path $Data | Out-Null
        # SYSTEM (S-1-5-18) and Administrators (S-1-5-32-544): full control;
        # LOCAL SERVICE (S-1-5-19): modify. Nothing inherited (Users may read
        # %ProgramData% itself). SIDs, so a Chinese Windows' account names
        # do not matter.
        & icacls.exe $Data /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F' '*S-1-5-19:(OI)(CI)M' | Out-Null
        if ($LASTEXITCODE -ne 0) { Write-Error "无法设置 $Data 的访问权限（icacls 返回 $LASTEXITCODE）" }
        if (-not (Test-Path $Conf)) {
            Copy-Item (Join-Path $Here 'zonepress.conf') $Conf
        }
        # cmd.exe only to append the output to the log: a task has no console.
        $action = New-ScheduledTaskAction -Execute $env:ComSpec `
            -Argument "/d /c `"`"$Exe`" serve --settings `"$Conf`" >> `"$Log`" 2>&1`""
        $trigger = New-ScheduledTaskTrigger -AtStartup
        $principal = New-ScheduledTaskPrincipal -UserId 'NT AUTHORITY\LOCALSERVICE' -LogonType ServiceAccount -RunLevel Limited
        $settings = New-ScheduledTaskSettingsSet -ExecutionTimeLimit ([TimeSpan]::Zero) `
            -RestartCount 3 -RestartInterval (New-TimeSpan -Minutes 1) `
            -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries -StartWhenAvailable `
            -MultipleInstances IgnoreNew
        Register-ScheduledTask -TaskName $TaskName -Description '园区编务 ZonePress 办公室服务器（zonepress serve），设置见 %ProgramData%\ZonePress\zonepress.conf' `
            -Action $action -Trigger $trigger -Principal $principal -Settings $settings -Force | Out-Null
        if (-not (Get-NetFirewallRule -DisplayName $TaskName -ErrorAction SilentlyContinue)) {
            New-NetFirewallRule -DisplayName $TaskName -Direction Inbound -Action Allow -Program $Exe `
                -Profile Domain, Private | Out-Null
        }
        Write-Host "已安装开机启动任务“$TaskName”（以 LOCAL SERVICE 账号运行）。"
        Write-Host "设置文件：$Conf"
        Write-Host ''
        Write-Host '接下来：'
        Write-Host '  1. 创建工作区（仍在管理员命令提示符中）：'
        Write-Host '       chcp 65001'
        Write-Host "       echo 一个足够长的管理员密码| `"$Exe`" --workspace $Data\workspace init --admin 用户名 --name 姓名 --password-stdin"
        Write-Host "  2. 需要时用记事本修改设置：notepad $Conf"
        Write-Host '     （ZONEPRESS_BIND=0.0.0.0:8470 供局域网访问；HTTPS 默认开启）'
        Write-Host '  3. 启动：server-setup.cmd start；之后每次开机自动启动'
        Write-Host "  4. 访问地址与证书指纹见 $Log"
    }
    'uninstall' {
        Assert-Admin
        if (Get-Task) {
            Stop-ScheduledTask -TaskName $TaskName -ErrorAction SilentlyContinue
            Unregister-ScheduledTask -TaskName $TaskName -Confirm:$false
        }
        Get-NetFirewallRule -DisplayName $TaskName -ErrorAction SilentlyContinue | Remove-NetFirewallRule
        Write-Host "已移除开机启动任务。工作区与设置仍保留在 $Data"
    }
    'start' {
        Assert-Admin; Assert-Task
        Start-ScheduledTask -TaskName $TaskName
        Write-Host "已启动。访问地址与证书指纹见 $Log"
    }
    'stop' {
        Assert-Admin; Assert-Task
        Stop-ScheduledTask -TaskName $TaskName
        Write-Host '已停止。'
    }
    'restart' {
        Assert-Admin; Assert-Task
        Stop-ScheduledTask -TaskName $TaskName
        Start-Sleep -Seconds 2
        Start-ScheduledTask -TaskName $TaskName
        Write-Host "已重新启动。访问地址与证书指纹见 $Log"
    }
    'status' {
        $task = Get-Task
        if (-not $task) {
            Write-Host '尚未安装服务器任务（server-setup.cmd install）。'
            break
        }
        $info = Get-ScheduledTaskInfo -TaskName $TaskName
        $state = @{ Ready = '未运行'; Running = '运行中'; Disabled = '已停用'; Queued = '排队中' }[[string]$task.State]
        Write-Host "服务器任务：$state；上次启动：$($info.LastRunTime)；上次结果：$($info.LastTaskResult)"
        if (Test-Path $Log) {
            Write-Host "日志 $Log 的最后几行："
            Get-Content -Path $Log -Tail 12 -Encoding UTF8
        }
    }
}
