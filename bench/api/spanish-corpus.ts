/**
 * Building blocks for the synthetic tickets of `npm run bench:api`: what officials of
 * municipalities and departments write to the territorial planning help desk (SisPT,
 * the retired KPT, development plans, passwords, reports). Recombined in SQL, they
 * give a realistic spread of common and uncommon words for the search to chew on.
 * `{m}` is replaced by the municipality, `{d}` by its department.
 */

export const SUBJECTS = [
  'Olvidé mi contraseña de SisPT',
  'Solicitud de usuario para SisPT - {m}',
  'Cambio de enlace municipal de {m}',
  'No puedo ingresar a la plataforma',
  'Error al cargar el plan de desarrollo territorial',
  'Consulta sobre el cargue del PDT {m} 2024-2027',
  'Reporte de seguimiento al plan de desarrollo - {m}',
  'Plazo para el reporte de ejecución de metas',
  'Problema con la formulación del plan indicativo',
  'Solicitud de capacitación en SisPT para {d}',
  'Desbloqueo de cuenta - Alcaldía de {m}',
  'Inconsistencia en las metas de producto',
  'No aparece el municipio de {m} en la lista',
  'Consulta sobre el Kit de Planeación Territorial',
  'Migración de información del KPT a SisPT',
  'Error en el módulo de programación financiera',
  'Radicación de documentos del plan de desarrollo',
  'Solicitud de prórroga para el reporte anual',
  'Actualización de datos del alcalde de {m}',
  'Pregunta sobre indicadores de bienestar',
  'RE: Respuesta a su solicitud',
  'Solicitud urgente: acceso al sistema para la secretaría de planeación',
  'Validación del plan plurianual de inversiones de {m}',
  'Certificado de cumplimiento de reporte',
  'Dudas sobre la articulación con el Plan Nacional de Desarrollo',
  'Contraseña vencida - Gobernación de {d}',
  'El sistema no guarda los cambios',
  'Solicitud de información sobre el POAI',
  'Asistencia técnica para la evaluación del plan',
  'Error al exportar el informe en PDF',
];

export const GREETINGS = ['Buenos días.', 'Buenas tardes.', 'Cordial saludo.', 'Respetados señores:', 'Señores Mesa de Ayuda DNP:', 'Estimados, reciban un cordial saludo.'];

export const PHRASES = [
  'Escribo desde la secretaría de planeación del municipio de {m}, departamento de {d}.',
  'Desde ayer no puedo ingresar a SisPT con mi usuario y contraseña.',
  'El sistema me indica que la contraseña es incorrecta aunque la restablecí esta mañana.',
  'Solicito amablemente la creación de un usuario para el nuevo enlace del plan de desarrollo.',
  'Al intentar cargar el plan de desarrollo territorial aparece un mensaje de error.',
  'Adjunto el acto administrativo de designación del enlace municipal.',
  'Necesitamos conocer la fecha límite para el reporte de seguimiento de las metas.',
  'La plataforma no permite guardar los avances de la matriz de programación.',
  'Agradezco su colaboración para resolver este inconveniente lo antes posible.',
  'El plan indicativo quedó con valores en cero después de la migración desde el KPT.',
  'No encontramos la opción para descargar el informe de ejecución.',
  'Por favor confirmar si el reporte quedó radicado correctamente.',
  'El alcalde solicita una capacitación para el equipo de planeación.',
  'Las metas de producto no coinciden con las aprobadas por el concejo municipal.',
  'Tenemos dudas sobre cómo registrar los recursos del sistema general de regalías.',
  'El enlace anterior ya no trabaja en la administración y no tenemos acceso a su correo.',
  'Recibimos un mensaje indicando que la cuenta fue bloqueada por intentos fallidos.',
  'La página se queda cargando y finalmente muestra un error del servidor.',
  'Quisiéramos saber si el Kit de Planeación Territorial sigue disponible.',
  'Se requiere actualizar el nombre del secretario de planeación en el sistema.',
  'Anexo capturas de pantalla del error que se presenta en el módulo financiero.',
  'El plan plurianual de inversiones no suma correctamente los totales por año.',
  'La gobernación de {d} solicita acompañamiento técnico para los municipios.',
  'No llegó el correo de recuperación de contraseña a la bandeja de entrada.',
  'Solicitamos prórroga para el reporte debido a fallas de conectividad en la zona rural.',
  'El indicador de resultado no permite seleccionar la línea base.',
  'Queremos verificar que la información del periodo anterior quedó guardada.',
  'El usuario asignado aparece inactivo en la plataforma.',
  'El concejo aprobó una modificación al plan de desarrollo y debemos actualizarla.',
  'Nos interesa conocer la metodología para la evaluación de resultados.',
  'Al exportar a Excel el archivo sale dañado y no se puede abrir.',
  'Les informo que cambiamos de correo institucional.',
  'Quedo atento a sus comentarios y a la solución del caso.',
  'Esta es la tercera vez que escribimos sobre el mismo problema sin respuesta.',
  'La conexión a internet en la alcaldía es intermitente, por lo que pedimos paciencia.',
  'En el componente estratégico no aparecen los programas del sector educación.',
  'Solicito certificado de cumplimiento del reporte para presentarlo a la contraloría.',
  'El sistema cerró la sesión mientras diligenciábamos el formulario y se perdió la información.',
  'Requerimos orientación para articular el plan con los objetivos de desarrollo sostenible.',
  'La clave temporal que enviaron ya expiró.',
];

export const REPLY_PHRASES = [
  'Reciba un cordial saludo de la Mesa de Ayuda de planeación territorial.',
  'Hemos restablecido su contraseña; la clave temporal llegará a su correo institucional.',
  'Su usuario fue creado y asociado al municipio de {m}.',
  'Le recomendamos borrar la caché del navegador e intentar nuevamente.',
  'El plazo para el reporte de seguimiento se encuentra publicado en la circular vigente.',
  'Adjuntamos la guía para el cargue del plan de desarrollo en SisPT.',
  'El equipo técnico revisó el caso y corrigió la inconsistencia en las metas.',
  'Si el problema persiste, por favor responda a este correo con una captura de pantalla.',
  'Damos por resuelta su solicitud.',
];

export const SIGN_OFFS = ['Atentamente,', 'Cordialmente,', 'Gracias.', 'Saludos.', 'Quedo atenta.', 'Mil gracias por su ayuda.'];

export const FIRST_NAMES = [
  'Ana', 'María', 'Luz', 'Carolina', 'Diana', 'Paola', 'Andrea', 'Sandra', 'Claudia', 'Marcela', 'Juan', 'Carlos', 'Luis', 'Jorge',
  'Andrés', 'Felipe', 'Camilo', 'Jaime', 'Óscar', 'Hernán', 'José', 'Édgar', 'Nelson', 'Fabián', 'Yesenia', 'Natalia', 'Lina', 'Sergio',
];
export const LAST_NAMES = [
  'Pérez', 'Gómez', 'Rodríguez', 'Martínez', 'García', 'López', 'Hernández', 'Díaz', 'Muñoz', 'Rojas', 'Moreno', 'Jiménez', 'Castaño',
  'Ramírez', 'Torres', 'Vargas', 'Ortiz', 'Suárez', 'Quintero', 'Londoño', 'Patiño', 'Cárdenas', 'Ibáñez', 'Mejía', 'Peña', 'Ospina',
];
export const OFFICE_ROLES = ['planeacion', 'alcaldia', 'secretariaplaneacion', 'contactenos', 'despacho', 'hacienda', 'sisben', 'enlace.pdt'];
export const PERSONAL_DOMAINS = ['gmail.com', 'hotmail.com', 'outlook.com', 'yahoo.es', 'hotmail.es'];

/** A word that appears in about one ticket in 20 000: the "rare" search. */
export const RARE_WORD = 'georreferenciación';
export const RARE_PHRASE = `Adjuntamos además la ${RARE_WORD} de los predios del proyecto.`;
export const RARE_SHARE = 0.00005;

/** For DNS-like domains: lower-case ASCII letters and hyphens. */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
