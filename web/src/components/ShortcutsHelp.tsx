export const SHORTCUTS: Array<{ keys: string; what: string }> = [
  { keys: 'j / k', what: 'siguiente / anterior ticket de la lista' },
  { keys: 'Intro', what: 'abrir el ticket seleccionado' },
  { keys: 'n', what: 'siguiente ticket de la cola (el que vence primero)' },
  { keys: 't', what: 'tomar el ticket abierto' },
  { keys: 'r', what: 'responder al ticket abierto' },
  { keys: 'i', what: 'nota interna' },
  { keys: '/', what: 'buscar' },
  { keys: 'g c', what: 'ir a la cola' },
  { keys: '?', what: 'mostrar u ocultar esta ayuda' },
  { keys: 'Esc', what: 'cerrar la ayuda o salir del campo' },
];

export function ShortcutsHelp({ onClose }: { onClose(): void }) {
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" onClick={(event) => event.stopPropagation()}>
        <h2 id="shortcuts-title">Atajos de teclado</h2>
        <table className="shortcuts">
          <caption className="visually-hidden">Atajos de teclado</caption>
          <thead>
            <tr>
              <th scope="col">Tecla</th>
              <th scope="col">Acción</th>
            </tr>
          </thead>
          <tbody>
            {SHORTCUTS.map((shortcut) => (
              <tr key={shortcut.keys}>
                <td>
                  <kbd>{shortcut.keys}</kbd>
                </td>
                <td>{shortcut.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={onClose} autoFocus>
          Cerrar
        </button>
      </div>
    </div>
  );
}
