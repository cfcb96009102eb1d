/**
 * The application menu: the usual roles with their platform shortcuts, plus Help links to the AWS
 * documents the app teaches from (opened in the user's browser, allow-listed in security.ts).
 */
import type { MenuItemConstructorOptions } from 'electron'

export function buildMenuTemplate(isMac: boolean, isDev: boolean, openExternal: (url: string) => void): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' }
  ]
  if (isDev) view.unshift({ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' })
  return [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'MLA-C01 exam guide, Domain 4',
          click: () =>
            openExternal(
              'https://docs.aws.amazon.com/aws-certification/latest/machine-learning-engineer-associate-01/machine-learning-engineer-associate-01-domain4.html'
            )
        },
        {
          label: 'SageMaker metrics in CloudWatch',
          click: () => openExternal('https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html')
        },
        {
          label: 'CloudWatch alarms and missing data',
          click: () => openExternal('https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html')
        }
      ]
    }
  ]
}
