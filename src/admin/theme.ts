import { defaultTheme, type RaThemeOptions } from 'react-admin';

/**
 * react-admin's default theme with the system font stack (nothing is fetched from a font CDN),
 * colours dark enough for WCAG AA contrast on the greys of filled inputs and toolbars, and a
 * name for the loading spinner (axe: a progressbar needs one).
 */
export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: { ...defaultTheme.palette, primary: { main: '#1565c0' }, secondary: { main: '#0d47a1' }, error: { main: '#b71c1c' } },
  components: {
    ...defaultTheme.components,
    MuiCircularProgress: { defaultProps: { 'aria-label': 'Loading' } },
  },
  typography: {
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif',
  },
};
